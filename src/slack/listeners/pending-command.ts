import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { toWireApproval } from '../../wire/approval.ts';
import { collapseWhitespace } from '../../approvals/showable.ts';
import { renderApprovalMessage } from '../blocks.ts';
import { approverMentions } from '../audience.ts';
import { clip, escapeMrkdwn } from '../mrkdwn.ts';
import { PENDING_COMMAND } from '../ids.ts';
import { byExpiry, renderPendingPage } from '../pending-list.ts';
import type { ListenerDeps } from './deps.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const HELP = [
  `*${PENDING_COMMAND}* — what waits for your approval (only you see the answer)`,
  `• \`${PENDING_COMMAND}\` lists what you may decide, soonest to expire first, with risk, target, namespace and quorum; Previous / Next when it runs long`,
  `• \`${PENDING_COMMAND} ID\` shows one whole proposal with its Approve and Reject buttons`,
  `• \`${PENDING_COMMAND} help\` shows this`,
  "The app's Home tab shows the same list, kept current.",
].join('\n');

/** /k8s-pending: answered in the acknowledgement itself, ephemeral, so it never needs a second round trip. */
export function pendingCommand(deps: ListenerDeps) {
  return async ({ ack, command }: Args): Promise<void> => {
    const text = typeof command.text === 'string' ? command.text.trim() : '';
    if (text === 'help') return ack({ response_type: 'ephemeral', text: HELP });
    if (text.length > 0) return ack({ response_type: 'ephemeral', ...(await one(deps, text)) });
    return ack({
      response_type: 'ephemeral',
      ...(await pendingPage(deps, typeof command.user_id === 'string' ? command.user_id : '', 0)),
    });
  };
}

async function one(deps: ListenerDeps, text: string): Promise<{ text: string; blocks?: KnownBlock[] }> {
  const found = await deps.service.get(text);
  if (!found.ok)
    return {
      text: `:grey_question: No approval \`${escapeMrkdwn(clip(collapseWhitespace(text), 80))}\`. Try \`${PENDING_COMMAND}\` for the list.`,
    };
  return renderApprovalMessage(toWireApproval(found.value), {
    cluster: deps.cluster,
    approvers: approverMentions(found.value),
  });
}

/** One page of what the caller may decide, soonest to expire first; the others are counted. */
export async function pendingPage(
  deps: ListenerDeps,
  userId: string,
  page: number,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const { decidable, others } = await deps.service.listDecidable(await deps.resolveActor(userId));
  const entries = await Promise.all(
    decidable.map(async (a) => ({
      approval: toWireApproval(a),
      permalink: (await deps.refs.get(a.id))?.permalink,
    })),
  );
  entries.sort((x, y) => byExpiry(x.approval, y.approval));
  return renderPendingPage(entries, page, others, { cluster: deps.cluster });
}
