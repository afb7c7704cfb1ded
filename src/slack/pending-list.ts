import type { KnownBlock } from '@slack/types';
import type { WireApproval } from '../wire/approval-schema.ts';
import { agentText } from './blocks.ts';
import { PENDING_COMMAND, PENDING_PAGE_ACTION } from './ids.ts';
import { safeLink } from './metadata.ts';
import { RISK_BADGE, highest, slackDate, whatText, whereText, type MessageContext } from './summary.ts';

/** Lines a page of /k8s-pending holds: each line is bounded (≈ 900 characters), so a page stays far under 3,000 a block. */
export const PAGE_SIZE = 8;

export type PendingEntry = { readonly approval: WireApproval; readonly permalink?: string | undefined };

/** Soonest to expire first: those are the ones an on-call must not miss. */
export const byExpiry = (a: { expires_at: string }, b: { expires_at: string }): number =>
  Date.parse(a.expires_at) - Date.parse(b.expires_at);

/** One proposal in a line: risk, what, where, quorum, deadline, the agent's title, a link to its message, its id. */
export function pendingLine({ approval: a, permalink }: PendingEntry, ctx: MessageContext): string {
  const link = permalink === undefined ? undefined : safeLink(permalink, 'open');
  const quorum = `*${a.quorum.approvals} of ${a.quorum.required}* approvals`;
  return [
    `${RISK_BADGE[highest(a)]} · ${whatText(a, 300)} ${whereText(a, ctx)}`,
    `${quorum} · expires ${slackDate(a.expires_at, '{time}')} · ${agentText(a.action, 80)}${link === undefined ? '' : ` · ${link}`} · \`${a.id}\``,
  ].join('\n');
}

/**
 * A page of /k8s-pending. Every line whole, never clipped mid-markup: what does not fit goes to the next page,
 * reached with Previous / Next buttons (answered through the response_url, replacing this message).
 */
export function renderPendingPage(
  entries: readonly PendingEntry[],
  page: number,
  others: number,
  ctx: MessageContext,
): { text: string; blocks: KnownBlock[] } {
  const elsewhere =
    others === 0
      ? ''
      : `${others} other${others === 1 ? '' : 's'} waiting that you cannot decide (your own, approved by you already, or for other approvers).`;
  if (entries.length === 0) {
    const text = `:white_check_mark: Nothing is waiting for your approval.${elsewhere ? ` ${elsewhere}` : ''}`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const pages = Math.ceil(entries.length / PAGE_SIZE);
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = entries.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const head = `*${entries.length} waiting for your approval*, soonest to expire first${pages > 1 ? ` — page ${current + 1} of ${pages}` : ''}`;
  const lines = shown.map((e) => pendingLine(e, ctx));
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: head } },
    ...lines.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `\`${PENDING_COMMAND} ID\` shows one whole, with its buttons.${elsewhere ? ` ${elsewhere}` : ''}`,
        },
      ],
    },
  ];
  const nav = [
    ...(current > 0 ? [{ label: '◀ Previous', page: current - 1 }] : []),
    ...(current < pages - 1 ? [{ label: 'Next ▶', page: current + 1 }] : []),
  ];
  if (nav.length > 0) {
    blocks.push({
      type: 'actions',
      elements: nav.map((n) => ({
        type: 'button' as const,
        action_id: `${PENDING_PAGE_ACTION}.${n.page < current ? 'previous' : 'next'}`,
        text: { type: 'plain_text' as const, text: n.label },
        accessibility_label: `Show page ${n.page + 1} of ${pages} of the pending proposals`,
        value: String(n.page),
      })),
    });
  }
  return { text: [head, ...lines, ...(elsewhere ? [elsewhere] : [])].join('\n'), blocks };
}
