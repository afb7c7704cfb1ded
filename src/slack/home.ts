import type { HomeView, KnownBlock } from '@slack/types';
import type { WireApproval } from '../wire/approval-schema.ts';
import { agentText, revisionOf } from './blocks.ts';
import { decisionButtons } from './buttons.ts';
import { PENDING_COMMAND } from './ids.ts';
import { pendingLine, type PendingEntry } from './pending-list.ts';
import { slackDate, whatText, type MessageContext } from './summary.ts';

// A Home tab holds 100 blocks: 2 for the heading, 3 per decidable proposal (20 at most, the rest counted and left to
// /k8s-pending, which pages), 2 + 1 for the recent decisions.
const MAX_DECIDABLE = 20;
const MAX_RECENT = 10;

/** One of the viewer's own past decisions, with what became of the approval. */
export type RecentDecision = {
  readonly approval: WireApproval;
  readonly decision: WireApproval['decisions'][number];
};

/** The viewer's Home tab: what they may decide now, with Approve / Reject, and what they decided lately. */
export function renderHome(
  decidable: readonly PendingEntry[],
  others: number,
  recent: readonly RecentDecision[],
  ctx: MessageContext,
  now: Date,
): HomeView {
  const shown = decidable.slice(0, MAX_DECIDABLE);
  const more = decidable.length - shown.length;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text:
          decidable.length === 0 ? 'Nothing waits for you' : `${decidable.length} waiting for your decision`,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Soonest to expire first · updated ${slackDate(now.toISOString(), '{time}')}${others > 0 ? ` · ${others} more waiting that you cannot decide` : ''}${more > 0 ? ` · ${more} more not shown here: \`${PENDING_COMMAND}\` lists them all` : ''}`,
        },
      ],
    },
  ];
  for (const entry of shown) {
    const rev = revisionOf(entry.approval);
    blocks.push(
      {
        type: 'section',
        block_id: `kubegate.home.${entry.approval.id}.${rev}`,
        text: { type: 'mrkdwn', text: pendingLine(entry, ctx) },
      },
      decisionButtons(entry.approval, ctx, `kubegate.home-decide.${entry.approval.id}.${rev}`),
      { type: 'divider' },
    );
  }
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Your recent decisions' } });
  const lines = recent.slice(0, MAX_RECENT).map(({ approval: a, decision: d }) => {
    const verb = d.decision === 'approve' ? ':white_check_mark: approved' : ':no_entry: rejected';
    return `${verb} ${whatText(a, 200)} — ${slackDate(d.at)} · now *${a.state}* · ${agentText(a.action, 60)} · \`${a.id}\``;
  });
  // One block each: ten whole lines would not fit one section's 3,000 characters.
  if (lines.length === 0) lines.push('_None yet._');
  blocks.push(...lines.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })));
  return { type: 'home', blocks };
}

/** Whether a decision was the viewer's: one of their identities, or the person they are (as the wire shows people). */
export const decidedBy = (
  d: WireApproval['decisions'][number],
  identities: readonly string[],
  person: string,
): boolean => identities.includes(d.by) || d.person === person;
