import { collapseWhitespace } from '../approvals/showable.ts';
import type { WireApproval } from '../wire/approval-schema.ts';
import { clip, escapeMrkdwn } from './mrkdwn.ts';

// What an on-call woken at 3 a.m. must read first, from a push notification alone (Slack's mobile pushes show only
// a message's `text`): how risky, what it does to what, where (namespace and cluster), how many approvals it needs,
// and until when. The same words open the message, so the push and the card never disagree.

export type Risk = WireApproval['commands'][number]['risk'];
type WireCommand = WireApproval['commands'][number];

/** What the renderers know beyond the approval: kubegate's own facts, never agent text. */
export type MessageContext = {
  /** CLUSTER_NAME, else the kubeconfig context. */
  readonly cluster?: string | undefined;
  /** Mentions of whoever may approve (`<!subteam^S…>`, `<@U…>`), built from the policy by kubegate. */
  readonly approvers?: readonly string[] | undefined;
  /** The approval's page when kubegate knows its public address; else its REST path is shown. */
  readonly approvalUrl?: ((id: string) => string) | undefined;
};

export const RISK_ORDER = ['read', 'change', 'dangerous'] as const;
export const RISK_BADGE: Record<Risk, string> = {
  read: ':large_blue_circle: read',
  change: ':large_yellow_circle: change',
  dangerous: ':red_circle: DANGEROUS',
};
const RISK_WORD: Record<Risk, string> = { read: 'read', change: 'change', dangerous: 'DANGEROUS' };

export const highest = (a: Pick<WireApproval, 'commands'>): Risk =>
  a.commands.reduce<Risk>(
    (m, c) => (RISK_ORDER.indexOf(c.risk) > RISK_ORDER.indexOf(m) ? c.risk : m),
    'read',
  );

/** `<!date^…>` with a plain fallback: Slack shows it in the reader's own time zone. */
export const slackDate = (iso: string, format = '{date_short_pretty} {time}'): string =>
  `<!date^${Math.floor(Date.parse(iso) / 1000)}^${format}|${iso.replace(/\.\d+Z$/, 'Z')}>`;

/** `scale deployment api-service --replicas=4`: the canonical operation without `kubectl` and its namespace flag. */
export function targetOf(c: Pick<WireCommand, 'canonical' | 'namespace'>): string {
  let t = collapseWhitespace(c.canonical).replace(/^kubectl /, '');
  if (c.namespace !== null)
    t = t.replace(` -n ${c.namespace}`, '').replace(` --namespace=${c.namespace}`, '');
  return t;
}

/** The namespaces the commands run in (never the agent's label), or the cluster scope. */
export function namespacesOf(a: Pick<WireApproval, 'commands'>): string[] {
  return [...new Set(a.commands.flatMap((c) => (c.namespace === null ? [] : [c.namespace])))];
}

/** What the proposal does, in at most `limit` characters of mrkdwn, each target whole (never cut mid-code). */
export function whatText(a: Pick<WireApproval, 'commands'>, limit: number): string {
  const targets = a.commands.map((c) => `\`${escapeMrkdwn(clip(targetOf(c), 120)).replaceAll('`', "'")}\``);
  const head = a.commands.length === 1 ? '' : `${a.commands.length} commands: `;
  const shown: string[] = [];
  let used = head.length;
  for (const t of targets) {
    const more = ` +${targets.length - shown.length - 1} more`;
    if (used + t.length + 2 + more.length > limit && shown.length > 0) break;
    shown.push(t);
    used += t.length + 2;
  }
  const rest = targets.length - shown.length;
  return `${head}${shown.join(', ')}${rest > 0 ? ` +${rest} more` : ''}`;
}

/** Where: the namespaces the commands run in (flagged when the agent's label says otherwise) and the cluster. */
export function whereText(
  a: Pick<WireApproval, 'commands' | 'namespace_mismatch'>,
  ctx: MessageContext,
): string {
  const ns = namespacesOf(a);
  const flag = a.namespace_mismatch === null ? '' : ' :warning:';
  const where =
    ns.length === 0 ? 'cluster-scoped' : `in ${ns.map((n) => `\`${escapeMrkdwn(n)}\``).join(', ')}${flag}`;
  return ctx.cluster === undefined
    ? where
    : `${where} on *${escapeMrkdwn(clip(collapseWhitespace(ctx.cluster), 80))}*`;
}

const STATE_WORD: Record<WireApproval['state'], string> = {
  pending: 'Approval needed',
  approved: 'Approved, starting',
  executing: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  rejected: 'Rejected',
  expired: 'Expired',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/** Pending: the risk's colour; afterwards the outcome's, so a green "Succeeded" never wears a red risk dot. */
const STATE_ICON: Record<Exclude<WireApproval['state'], 'pending'>, string> = {
  approved: ':white_check_mark:',
  executing: ':gear:',
  succeeded: ':large_green_circle:',
  failed: ':x:',
  rejected: ':no_entry:',
  expired: ':alarm_clock:',
  cancelled: ':heavy_multiplication_x:',
  interrupted: ':warning:',
};

/** The quorum and deadline while pending; afterwards what became of it (an expiry time no longer matters). */
function progressText(a: WireApproval): string {
  if (a.state === 'pending') {
    const { required, approvals } = a.quorum;
    const needs = `needs ${required} approval${required === 1 ? '' : 's'}${approvals > 0 ? ` (${approvals} of ${required} so far)` : ''}`;
    return `${needs} · expires ${slackDate(a.expires_at, '{time}')}`;
  }
  // Who decided, and when, is under the commands, once; the summary says only what became of it.
  return '';
}

/** The summary's two lines of mrkdwn, as the first block shows them. */
export function summaryLines(a: WireApproval, ctx: MessageContext): [string, string] {
  const risk = highest(a);
  const icon = a.state === 'pending' ? RISK_BADGE[risk].replace(/ \S+$/, '') : STATE_ICON[a.state];
  const first = `${icon} *${STATE_WORD[a.state]}* · *${RISK_WORD[risk]}* · ${whatText(a, 700)}`;
  const second = [whereText(a, ctx), progressText(a)].filter((s) => s.length > 0).join(' · ');
  return [first, second];
}

/**
 * The message's `text`, all a phone's push shows: state, risk, what, where, quorum, expiry; then who is asked
 * (the only mentions kubegate makes, from the policy), then every command canonical as far as room allows.
 */
export function notificationText(a: WireApproval, ctx: MessageContext): string {
  // A lock screen shows two or three lines: the verdict, where and how many approvals come before the targets.
  const risk = highest(a);
  const asked =
    a.state === 'pending' && ctx.approvers && ctx.approvers.length > 0
      ? ` · for ${ctx.approvers.join(' ')}`
      : '';
  const where = [whereText(a, ctx), progressText(a)].filter((s) => s.length > 0).join(' · ');
  const head = `${STATE_WORD[a.state]} · ${RISK_WORD[risk]} · ${where.replaceAll('*', '')}: ${whatText(a, 500)}${asked}`;
  const lines: string[] = [];
  let used = head.length;
  for (const [i, c] of a.commands.entries()) {
    const line = `${i + 1}. ${escapeMrkdwn(c.canonical)}`;
    if (used + line.length > 2500) break;
    lines.push(line);
    used += line.length + 1;
  }
  const more = a.commands.length - lines.length;
  const why = `Why: ${escapeMrkdwn(clip(collapseWhitespace(a.action), 150)).replaceAll('`', '\u02cb')}`;
  return [
    head,
    why,
    ...lines,
    ...(more > 0 ? [`… and ${more} more command${more === 1 ? '' : 's'} in the message`] : []),
  ].join('\n');
}
