import type { KnownBlock } from '@slack/types';
import { collapseWhitespace } from '../approvals/showable.ts';
import type { WireApproval } from '../wire/approval-schema.ts';
import { APPROVE_ACTION, REJECT_ACTION, mention } from './ids.ts';
import { clip, codeBlock, escapeMrkdwn } from './mrkdwn.ts';

export { clip } from './mrkdwn.ts';

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks): 50 blocks a message, 3,000 characters a
// section text, 150 a header. Every command is shown whole: two blocks each, at most 20 commands (MAX_COMMANDS) and
// at most MAX_SHOWN_COMMAND characters each (both refused at proposal time), so a message has at most 46 blocks.
// Agent text (action, explanations, metadata, reasons) is escaped or plain_text: it can never mention or link.
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;
const TEXT_COMMANDS_LIMIT = 2500;

type WireCommand = WireApproval['commands'][number];

/** Agent or cluster text inside mrkdwn: one line, clipped, escaped. */
const agentText = (text: string, limit: number): string => escapeMrkdwn(clip(collapseWhitespace(text), limit));
const slackDate = (iso: string): string => `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${iso}>`;

const STATE_LINE: Record<WireApproval['state'], string> = {
  pending: ':hourglass_flowing_sand: *Pending*',
  approved: ':white_check_mark: *Approved* — starting',
  executing: ':gear: *Executing*',
  succeeded: ':large_green_circle: *Succeeded*',
  failed: ':red_circle: *Failed*',
  rejected: ':no_entry: *Rejected*',
  expired: ':alarm_clock: *Expired* — no decision in time',
  cancelled: ':heavy_multiplication_x: *Cancelled*',
  interrupted: ':warning: *Interrupted* — kubegate stopped during the run; it was not re-run',
};

const RISK_BADGE = { read: ':large_blue_circle: read', change: ':large_yellow_circle: change', dangerous: ':red_circle: dangerous' } as const;
const RISK_ORDER = ['read', 'change', 'dangerous'] as const;

/** The approval message: what, where, every command whole with kubegate's risk and preview, who decided, buttons while pending. */
export function renderApprovalMessage(a: WireApproval): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(collapseWhitespace(a.action), HEADER_LIMIT), emoji: false } },
    { type: 'section', fields: facts(a) },
    ...(a.namespace_mismatch === null
      ? []
      : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `:warning: *Namespace mismatch:* ${escapeMrkdwn(a.namespace_mismatch)}` } }]),
    ...a.commands.flatMap((c, i) => commandBlocks(c, i)),
    { type: 'section', text: { type: 'mrkdwn', text: clip(statusText(a), SECTION_LIMIT) } },
  ];
  if (a.state === 'pending') blocks.push(buttons(a));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `\`${a.id}\`${a.digest ? ` · ${escapeMrkdwn(a.digest.slice(0, 19))}…` : ''}` }] });
  return { text: notificationText(a), blocks };
}

/**
 * The message's `text`: all a phone's push notification shows, so it names the commands too (canonical, whole),
 * as many as fit, and says how many more the message holds.
 */
function notificationText(a: WireApproval): string {
  const head = `${a.state === 'pending' ? 'Approval needed' : `Approval ${a.state}`} (${highest(a)}): ${agentText(a.action, HEADER_LIMIT)}`;
  const lines: string[] = [];
  let used = head.length;
  for (const [i, c] of a.commands.entries()) {
    const line = `${i + 1}. ${escapeMrkdwn(c.canonical)}`;
    if (used + line.length > TEXT_COMMANDS_LIMIT) break;
    lines.push(line);
    used += line.length + 1;
  }
  const more = a.commands.length - lines.length;
  return [head, ...lines, ...(more > 0 ? [`… and ${more} more command${more === 1 ? '' : 's'} in the message`] : [])].join('\n');
}

function facts(a: WireApproval) {
  const meta = a.metadata;
  const str = (v: unknown): string => (typeof v === 'string' && v.length > 0 ? agentText(v, 200) : '—');
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });
  return [
    field('Severity', str(meta.severity)),
    field('Service', str(meta.service)),
    field('Namespace', namespaceFact(a)),
    field('Requester', mention(a.requester)),
    field('Expires', slackDate(a.expires_at)),
    field('Risk', `${RISK_BADGE[highest(a)]}${a.risk_raised_at === null ? '' : ' (raised by a repeat)'}`),
  ];
}

/** Where the commands really run, from the parsed operations; never the agent's metadata label alone. */
function namespaceFact(a: WireApproval): string {
  const namespaces = [...new Set(a.commands.flatMap((c) => (c.namespace === null ? [] : [c.namespace])))];
  const shown = namespaces.length === 0 ? 'none (cluster-scoped)' : namespaces.map((ns) => `\`${escapeMrkdwn(ns)}\``).join(', ');
  return a.namespace_mismatch === null ? shown : `${shown} :warning:`;
}

function highest(a: WireApproval): (typeof RISK_ORDER)[number] {
  return a.commands.reduce<(typeof RISK_ORDER)[number]>((m, c) => (RISK_ORDER.indexOf(c.risk) > RISK_ORDER.indexOf(m) ? c.risk : m), 'read');
}

/**
 * One command: a section with its number, risk, the canonical operation whole in a code block, and the preview;
 * then a context with kubegate's reasons and the agent's explanation as plain text (no markup at all).
 */
function commandBlocks(c: WireCommand, i: number): KnownBlock[] {
  const head = `*${i + 1}.* ${RISK_BADGE[c.risk]} · agent: ${c.safety_level}${c.read_only ? ' · read-only' : ''}`;
  const code = codeBlock(c.canonical);
  const room = SECTION_LIMIT - head.length - code.length - 10;
  const preview = c.preview !== null && room > 40 ? `\n:mag: ${agentText(c.preview, Math.min(1200, room))}` : '';
  const reasons = c.risk_reasons.length > 0 ? agentText(c.risk_reasons.join('; '), 1500) : 'no reason recorded';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${code}${preview}` } },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `kubegate: ${reasons}` },
        { type: 'plain_text', text: `Agent's explanation: ${clip(collapseWhitespace(c.explanation), 1500)}`, emoji: false },
      ],
    },
  ];
}

function statusText(a: WireApproval): string {
  const approvers = a.decisions.filter((d) => d.decision === 'approve').map((d) => `${mention(d.by)} (${d.via})`);
  const lines = [STATE_LINE[a.state]];
  if (a.risk_raised_at !== null) lines.push(`:arrow_up: A repeat of this proposal raised its risk to *${highest(a)}*; the quorum follows the higher rating.`);
  if (a.state === 'pending') lines.push(`Approvals: *${a.quorum.approvals} of ${a.quorum.required}*${approvers.length ? ` — ${approvers.join(', ')}` : ''}`);
  else if (approvers.length) lines.push(`Approved by ${approvers.join(', ')}`);
  const rejection = a.decisions.find((d) => d.decision === 'reject');
  if (rejection) lines.push(`Rejected by ${mention(rejection.by)} (${rejection.via}): ${agentText(rejection.reason ?? '', 500)}`);
  // Results refer to the commands above by number: each is shown whole there, never clipped here.
  if (a.results.length) lines.push(a.results.map((r, i) => `${resultIcon(r.status)} ${i + 1}. ${r.status}${r.error ? `: ${agentText(r.error, 300)}` : ''}`).join('\n'));
  if (a.state !== 'rejected' && a.reason && a.state !== 'pending') lines.push(agentText(a.reason, 500));
  return lines.join('\n');
}

const resultIcon = (status: WireApproval['results'][number]['status']): string =>
  status === 'succeeded' ? ':white_check_mark:' : status === 'failed' ? ':x:' : ':fast_forward:';

function buttons(a: WireApproval): KnownBlock {
  const dangerous = a.commands.filter((c) => c.risk === 'dangerous');
  const count = `${a.commands.length} command${a.commands.length === 1 ? '' : 's'}`;
  // The confirm dialog holds 300 characters: it lists the dangerous commands only if they fit whole, else points up.
  const listed = `This runs the ${count} shown in the message, including:\n${dangerous.map((c) => `• \`${escapeMrkdwn(c.canonical)}\``).join('\n')}`;
  const confirmText = listed.length <= 300 ? listed : `This runs the ${count} shown in the message; ${dangerous.length} of them dangerous. Read each one above.`;
  return {
    type: 'actions',
    block_id: 'kubegate.decide',
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        value: a.id,
        ...(dangerous.length > 0
          ? {
              confirm: {
                title: { type: 'plain_text', text: 'Approve a dangerous change?' },
                text: { type: 'mrkdwn', text: confirmText },
                confirm: { type: 'plain_text', text: 'Approve' },
                deny: { type: 'plain_text', text: 'Cancel' },
                style: 'danger',
              },
            }
          : {}),
      },
      { type: 'button', action_id: REJECT_ACTION, style: 'danger', text: { type: 'plain_text', text: 'Reject' }, value: a.id },
    ],
  };
}

/**
 * A thread reply with one command's result. A read's output may hold whatever the cluster stores (even redacted,
 * names and topology), so it is never posted to Slack: the reply says it ran and where to read it.
 */
export function renderResultReply(a: WireApproval, index: number): string {
  const r = a.results[index];
  const c = a.commands[index];
  if (!r) return '';
  const command = c ? `\`${escapeMrkdwn(c.canonical)}\`` : `command ${index + 1}`;
  const head = `${resultIcon(r.status)} ${index + 1}. ${command} *${r.status}*`;
  if (r.error) return `${head}\n${codeBlock(clip(r.error, 2500))}`;
  if (!r.output) return head;
  if (c?.read_only !== false) {
    return `${head}\nIts output is not posted to Slack (reads can show sensitive data): see it with \`GET /api/approvals/${a.id}\` or the MCP tool \`get_approval\`.`;
  }
  return `${head}\n${codeBlock(clip(r.output, 2500))}`;
}
