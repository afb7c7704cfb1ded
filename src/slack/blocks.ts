import { createHash } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import { collapseWhitespace } from '../approvals/showable.ts';
import type { WireApproval } from '../wire/approval-schema.ts';
import { mention } from './ids.ts';
import { decisionButtons } from './buttons.ts';
import { detailsLink, metadataLinks, reasoningOf } from './metadata.ts';
import { clip, codeBlock, escapeMrkdwn } from './mrkdwn.ts';
import {
  RISK_BADGE,
  highest,
  notificationText,
  slackDate,
  summaryLines,
  type MessageContext,
} from './summary.ts';

export { clip } from './mrkdwn.ts';
export type { MessageContext } from './summary.ts';

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks): 50 blocks a message, 3,000 characters a
// section text. Layout, for a phone: the summary first (what a push said), the buttons right under it, then who
// asked and why, then every command whole (two blocks each, at most 20 commands of at most MAX_SHOWN_COMMAND
// characters, both refused at proposal time), then the decisions, then the id: at most 46 blocks.
// Agent text (action, explanations, metadata, reasons) is escaped or plain_text: it can never mention or link.
const SECTION_LIMIT = 3000;

type WireCommand = WireApproval['commands'][number];

/**
 * Agent or cluster text inside mrkdwn: one line, clipped before it is escaped (never mid-entity), escaped; a
 * backtick is shown as a look-alike, so an odd one cannot open inline code that swallows kubegate's own words.
 */
export const agentText = (text: string, limit: number): string =>
  escapeMrkdwn(clip(collapseWhitespace(text), limit)).replaceAll('`', '\u02cb');

/**
 * A short digest of everything shown: each version of a message gets fresh block_ids, so a Slack client holding
 * an older version never merges its blocks (or a stale button) into the new one.
 */
export const revisionOf = (a: WireApproval): string =>
  createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 10);

/** The approval message, phone first: summary, buttons while pending, who and why, every command, decisions. */
export function renderApprovalMessage(
  a: WireApproval,
  ctx: MessageContext = {},
): { text: string; blocks: KnownBlock[] } {
  const rev = revisionOf(a);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: `kubegate.summary.${rev}`,
      text: { type: 'mrkdwn', text: summaryText(a, ctx) },
    },
  ];
  if (a.state === 'pending') blocks.push(decisionButtons(a, ctx, `kubegate.decide.${rev}`));
  blocks.push(
    {
      type: 'context',
      block_id: `kubegate.asked.${rev}`,
      elements: [{ type: 'mrkdwn', text: askedText(a, ctx) }],
    },
    { type: 'section', block_id: `kubegate.why.${rev}`, text: { type: 'mrkdwn', text: whyText(a) } },
    ...a.commands.flatMap((c, i) => commandBlocks(c, i, rev)),
  );
  const status = statusText(a);
  if (status.length > 0)
    blocks.push({
      type: 'section',
      block_id: `kubegate.status.${rev}`,
      text: { type: 'mrkdwn', text: clip(status, SECTION_LIMIT) },
    });
  blocks.push({
    type: 'context',
    block_id: `kubegate.id.${rev}`,
    elements: [{ type: 'mrkdwn', text: footerText(a, ctx) }],
  });
  return { text: notificationText(a, ctx), blocks };
}

function summaryText(a: WireApproval, ctx: MessageContext): string {
  const [first, second] = summaryLines(a, ctx);
  const raised = a.risk_raised_at === null ? '' : ' (raised by a repeat)';
  const lines = [first.replace(/(\*(?:read|change|DANGEROUS)\*)/, `$1${raised}`), second];
  if (a.namespace_mismatch !== null)
    lines.push(`:warning: *Namespace mismatch:* ${escapeMrkdwn(a.namespace_mismatch)}`);
  return lines.join('\n');
}

/** Who asked, through what, when, and whom kubegate asks (the policy's approvers). */
function askedText(a: WireApproval, ctx: MessageContext): string {
  const via = a.created_via === null ? '' : ` via ${a.created_via}`;
  const meta = a.metadata;
  const fact = (label: string, v: unknown) =>
    typeof v === 'string' && v.trim().length > 0 ? [`${label} ${agentText(v, 100)}`] : [];
  const parts = [
    `Asked by ${mention(a.requester)}${via} ${slackDate(a.created_at)}`,
    ...fact('severity', meta.severity),
    ...fact('service', meta.service),
    ...(a.state === 'pending' && ctx.approvers && ctx.approvers.length > 0
      ? [`approvers: ${ctx.approvers.join(' ')}`]
      : []),
  ];
  return clip(parts.join(' · '), 2000);
}

/** The agent's reasons, as data: its action line and any reasoning in metadata, escaped; links only as kubegate's own. */
function whyText(a: WireApproval): string {
  const reasoning = reasoningOf(a.metadata);
  const links = metadataLinks(a.metadata);
  return [
    `*Why* (the agent's words): ${agentText(a.action, 300)}`,
    ...(reasoning === undefined ? [] : [`>${agentText(reasoning, 1200)}`]),
    ...(links.length === 0 ? [] : [`:link: ${links.join(' · ')}`]),
  ].join('\n');
}

/**
 * One command: a section with its number, risk, the canonical operation whole in a code block, and the preview;
 * then a context with kubegate's reasons and the agent's explanation as plain text (no markup at all).
 */
function commandBlocks(c: WireCommand, i: number, rev: string): KnownBlock[] {
  const head = `*${i + 1}.* ${RISK_BADGE[c.risk]} · agent: ${c.safety_level}${c.read_only ? ' · read-only' : ''}`;
  const code = codeBlock(c.canonical);
  const room = SECTION_LIMIT - head.length - code.length - 10;
  const preview =
    c.preview !== null && room > 40 ? `\n:mag: ${agentText(c.preview, Math.min(1200, room))}` : '';
  const reasons =
    c.risk_reasons.length > 0 ? agentText(c.risk_reasons.join('; '), 1500) : 'no reason recorded';
  return [
    {
      type: 'section',
      block_id: `kubegate.cmd.${i}.${rev}`,
      text: { type: 'mrkdwn', text: `${head}\n${code}${preview}` },
    },
    {
      type: 'context',
      block_id: `kubegate.cmd-why.${i}.${rev}`,
      elements: [
        { type: 'mrkdwn', text: `kubegate: ${reasons}` },
        {
          type: 'plain_text',
          text: `Agent's explanation: ${clip(collapseWhitespace(c.explanation), 1500)}`,
          emoji: false,
        },
      ],
    },
  ];
}

const resultIcon = (status: WireApproval['results'][number]['status']): string =>
  status === 'succeeded' ? ':white_check_mark:' : status === 'failed' ? ':x:' : ':fast_forward:';

/** Decisions with who, how and when, once each; what became of the run. The summary already says the state. */
function statusText(a: WireApproval): string {
  const lines: string[] = [];
  if (a.risk_raised_at !== null)
    lines.push(
      `:arrow_up: A repeat of this proposal raised its risk to *${highest(a)}*; the quorum follows the higher rating.`,
    );
  if (a.state === 'pending' && a.quorum.approvals > 0)
    lines.push(`Approvals: *${a.quorum.approvals} of ${a.quorum.required}*`);
  for (const d of a.decisions) {
    const who = `${mention(d.by)} (${d.via})`;
    if (d.decision === 'approve')
      lines.push(
        `:white_check_mark: Approved by ${who} — ${slackDate(d.at)}${d.reason ? `: ${agentText(d.reason, 300)}` : ''}`,
      );
    else lines.push(`:no_entry: Rejected by ${who}: ${agentText(d.reason ?? '', 500)} — ${slackDate(d.at)}`);
  }
  if (a.ended_by !== null)
    lines.push(
      `:heavy_multiplication_x: Cancelled by ${mention(a.ended_by.by)} (${a.ended_by.via})${a.ended_at ? ` — ${slackDate(a.ended_at)}` : ''}`,
    );
  if (a.state === 'expired' && a.ended_at)
    lines.push(`:alarm_clock: No decision before ${slackDate(a.ended_at)}. Nothing ran.`);
  if (a.state === 'interrupted')
    lines.push(
      ':warning: kubegate stopped during the run and did not re-run it: the change may be half-applied. The thread says what to check.',
    );
  // Results refer to the commands above by number: each is shown whole there; output and errors are in the thread.
  if (a.results.length)
    lines.push(a.results.map((r, i) => `${resultIcon(r.status)} ${i + 1}. ${r.status}`).join('   '));
  if (a.state === 'failed' && a.reason) lines.push(agentText(a.reason, 500));
  return lines.join('\n');
}

function footerText(a: WireApproval, ctx: MessageContext): string {
  const digest = a.digest ? ` · ${escapeMrkdwn(a.digest.slice(0, 19))}…` : '';
  return `\`${a.id}\`${digest} · ${detailsLink(a.id, ctx)}`;
}
