import type { KnownBlock } from '@slack/types';
import type { WireApproval } from '../wire/approval-schema.ts';
import { APPROVE_ACTION, PENDING_COMMAND, REJECT_ACTION, mention } from './ids.ts';

// Block Kit limits (https://api.slack.com/reference/block-kit/blocks): 50 blocks a message, 3,000 characters
// a section text, 150 a header. A proposal with many commands or long previews still posts, cut honestly.
const MAX_COMMAND_BLOCKS = 8;
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;

export const clip = (text: string, limit: number): string => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);
const code = (text: string, limit: number): string => `\`\`\`${clip(text.replaceAll('```', "'''"), limit - 6)}\`\`\``;
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

/** The approval message: what, where, each command with kubegate's risk and preview, who decided, buttons while pending. */
export function renderApprovalMessage(a: WireApproval): { text: string; blocks: KnownBlock[] } {
  const text = `${a.state === 'pending' ? 'Approval needed' : `Approval ${a.state}`}: ${a.action}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(a.action, HEADER_LIMIT), emoji: true } },
    { type: 'section', fields: facts(a) },
    ...commandBlocks(a),
    { type: 'section', text: { type: 'mrkdwn', text: clip(statusText(a), SECTION_LIMIT) } },
  ];
  if (a.state === 'pending') blocks.push(buttons(a));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `\`${a.id}\`${a.digest ? ` · ${a.digest.slice(0, 19)}…` : ''}` }] });
  return { text, blocks };
}

function facts(a: WireApproval) {
  const meta = a.metadata;
  const str = (v: unknown): string => (typeof v === 'string' && v.length > 0 ? clip(v, 200) : '—');
  return [
    { type: 'mrkdwn' as const, text: `*Severity*\n${str(meta.severity)}` },
    { type: 'mrkdwn' as const, text: `*Service*\n${str(meta.service)}` },
    { type: 'mrkdwn' as const, text: `*Namespace*\n${str(meta.namespace)}` },
    { type: 'mrkdwn' as const, text: `*Requester*\n${mention(a.requester)}` },
    { type: 'mrkdwn' as const, text: `*Expires*\n${slackDate(a.expires_at)}` },
    { type: 'mrkdwn' as const, text: `*Risk*\n${highest(a)}` },
  ];
}

const RISK_BADGE = { read: ':large_blue_circle: read', change: ':large_yellow_circle: change', dangerous: ':red_circle: dangerous' } as const;

function highest(a: WireApproval): string {
  const order = ['read', 'change', 'dangerous'] as const;
  const top = a.commands.reduce<(typeof order)[number]>((m, c) => (order.indexOf(c.risk) > order.indexOf(m) ? c.risk : m), 'read');
  return RISK_BADGE[top];
}

function commandBlocks(a: WireApproval): KnownBlock[] {
  const shown = a.commands.slice(0, MAX_COMMAND_BLOCKS);
  const blocks: KnownBlock[] = shown.map((c, i) => {
    const lines = [
      `*${i + 1}.* ${clip(c.explanation, 500)}`,
      code(c.command, 1200),
      `Agent: ${c.safety_level} · kubegate: ${RISK_BADGE[c.risk]}${c.risk_reasons.length ? ` (${clip(c.risk_reasons.join('; '), 300)})` : ''}`,
      ...(c.preview ? [`:mag: ${clip(c.preview, 800)}`] : []),
    ];
    return { type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n'), SECTION_LIMIT) } };
  });
  const hidden = a.commands.length - shown.length;
  if (hidden > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `… ${hidden} more command${hidden === 1 ? '' : 's'}, see \`${PENDING_COMMAND} ${a.id}\`` }] });
  }
  return blocks;
}

function statusText(a: WireApproval): string {
  const approvers = a.decisions.filter((d) => d.decision === 'approve').map((d) => `${mention(d.by)} (${d.via})`);
  const lines = [STATE_LINE[a.state]];
  if (a.state === 'pending') lines.push(`Approvals: *${a.quorum.approvals} of ${a.quorum.required}*${approvers.length ? ` — ${approvers.join(', ')}` : ''}`);
  else if (approvers.length) lines.push(`Approved by ${approvers.join(', ')}`);
  const rejection = a.decisions.find((d) => d.decision === 'reject');
  if (rejection) lines.push(`Rejected by ${mention(rejection.by)} (${rejection.via}): ${rejection.reason ?? ''}`);
  if (a.results.length) {
    lines.push(a.results.map((r) => `${r.status === 'succeeded' ? ':white_check_mark:' : r.status === 'failed' ? ':x:' : ':fast_forward:'} \`${clip(r.command, 200)}\` ${r.status}${r.error ? `: ${clip(r.error, 300)}` : ''}`).join('\n'));
  }
  if (a.state !== 'rejected' && a.reason && a.state !== 'pending') lines.push(clip(a.reason, 500));
  return lines.join('\n');
}

function buttons(a: WireApproval): KnownBlock {
  const dangerous = a.commands.some((c) => c.risk === 'dangerous');
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
        ...(dangerous
          ? {
              confirm: {
                title: { type: 'plain_text', text: 'Approve a dangerous change?' },
                text: { type: 'mrkdwn', text: clip(`This runs:\n${a.commands.map((c) => `• \`${c.command}\``).join('\n')}`, 300) },
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

/** A thread reply with one command's result; output is bounded to stay within one section. */
export function renderResultReply(r: WireApproval['results'][number]): string {
  const head = `${r.status === 'succeeded' ? ':white_check_mark:' : r.status === 'failed' ? ':x:' : ':fast_forward:'} \`${clip(r.command, 300)}\` *${r.status}*`;
  const body = r.error ?? r.output;
  return body ? `${head}\n${code(body, 2500)}` : head;
}
