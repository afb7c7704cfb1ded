import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { ApprovalIdSchema, highestRisk } from '../../approvals/model.ts';
import { toWireApproval } from '../../wire/approval.ts';
import { collapseWhitespace } from '../../approvals/showable.ts';
import { renderApprovalMessage } from '../blocks.ts';
import { clip, escapeMrkdwn } from '../mrkdwn.ts';
import { PENDING_COMMAND } from '../ids.ts';
import type { ListenerDeps } from './deps.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const LIST_LIMIT = 15;
const HELP = [
  `*${PENDING_COMMAND}* — what waits for approval (only you see the answer)`,
  `• \`${PENDING_COMMAND}\` lists pending proposals, newest first, with risk, age, expiry and a link to each message`,
  `• \`${PENDING_COMMAND} ID\` shows one proposal with its Approve and Reject buttons`,
  `• \`${PENDING_COMMAND} help\` shows this`,
].join('\n');

/** /k8s-pending: answered in the acknowledgement itself, ephemeral, so it never needs a second round trip. */
export function pendingCommand(deps: ListenerDeps) {
  return async ({ ack, command }: Args): Promise<void> => {
    const text = typeof command.text === 'string' ? command.text.trim() : '';
    if (text === 'help') return ack({ response_type: 'ephemeral', text: HELP });
    if (text.length > 0) return ack({ response_type: 'ephemeral', ...(await one(deps, text)) });
    return ack({ response_type: 'ephemeral', ...(await list(deps, typeof command.user_id === 'string' ? command.user_id : '')) });
  };
}

async function one(deps: ListenerDeps, text: string): Promise<{ text: string; blocks?: KnownBlock[] }> {
  const id = ApprovalIdSchema.safeParse(text);
  const found = id.success ? await deps.service.get(id.data) : undefined;
  if (!found?.ok) return { text: `:grey_question: No approval \`${escapeMrkdwn(clip(collapseWhitespace(text), 80))}\`. Try \`${PENDING_COMMAND}\` for the list.` };
  return renderApprovalMessage(toWireApproval(found.value, deps.service.policy()));
}

/** What the caller may decide; the others (their own, already approved by them, beyond their rights) are counted. */
async function list(deps: ListenerDeps, userId: string): Promise<{ text: string; blocks?: KnownBlock[] }> {
  const { decidable, others } = await deps.service.listDecidable(await deps.resolveActor(userId));
  const pending = [...decidable].reverse();
  const elsewhere = others === 0 ? '' : `\n${others} other${others === 1 ? '' : 's'} waiting that you cannot decide (your own, approved by you already, or for other approvers)`;
  if (pending.length === 0) return { text: `:white_check_mark: Nothing is waiting for your approval.${elsewhere}` };
  const now = Date.now();
  const lines = await Promise.all(
    pending.slice(0, LIST_LIMIT).map(async (a) => {
      const link = (await deps.refs.get(a.id))?.permalink;
      // The action is agent text: escaped, it can neither mention anyone nor turn into a second link.
      const action = escapeMrkdwn(clip(collapseWhitespace(a.proposal.action), 80));
      const title = link ? `<${link}|${action}>` : action;
      const expires = `<!date^${Math.floor(Date.parse(a.expiresAt) / 1000)}^{time}|${a.expiresAt}>`;
      return `• *${highestRisk(a.proposal.commands)}* ${title} — ${age(now - Date.parse(a.createdAt))} old, expires ${expires} · \`${a.id}\``;
    }),
  );
  const more = pending.length > LIST_LIMIT ? `\n… and ${pending.length - LIST_LIMIT} older ones` : '';
  const text = `*${pending.length} waiting for your approval*\n${lines.join('\n')}${more}${elsewhere}`;
  return { text: clip(text, 3000), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }] };
}

function age(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.floor(ms / 1000)}s`;
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}
