import type { WireApproval } from '../wire/approval-schema.ts';
import { agentText } from './blocks.ts';
import { mention } from './ids.ts';
import { detailsLink } from './metadata.ts';
import { codeBlock, escapeMrkdwn } from './mrkdwn.ts';
import { slackDate, targetOf, type MessageContext } from './summary.ts';

// Thread replies: what happened after the proposal, one reply per event an on-call must hear about. Every final
// state is ONE reply with who, when and why; a run's results are one reply, whatever the number of commands.

type WireDecision = WireApproval['decisions'][number];
type WireResult = WireApproval['results'][number];

// A thread reply is read on a phone: Slack cuts long `text` into "see more"; keep a reply near one screen or two.
const REPLY_LIMIT = 3800;
// About ten log lines: the end of a log is where its error is, and a phone shows little more without scrolling.
const MIN_TAIL = 200;
const MAX_TAIL = 700;

const who = (d: { by: string; via: string }): string => `${mention(d.by)} (${d.via})`;
const approversOf = (a: WireApproval): string[] =>
  a.decisions.filter((d) => d.decision === 'approve').map(who);
const shortCommand = (a: WireApproval, i: number): string => {
  const c = a.commands[i];
  return c
    ? `\`${escapeMrkdwn(targetOf(c).slice(0, 150)).replaceAll('`', "'")}${targetOf(c).length > 150 ? '…' : ''}\``
    : `command ${i + 1}`;
};

/** One approval short of the quorum or more: who approved, and a ping for whoever is still needed. */
export function renderDecisionReply(a: WireApproval, d: WireDecision, next: readonly string[]): string {
  const { approvals, required } = a.quorum;
  const left = required - approvals;
  const ping =
    left > 0
      ? ` ${left} more approval${left === 1 ? '' : 's'} needed${next.length > 0 ? ` — ${next.join(' ')}` : ''}.`
      : '';
  return `:white_check_mark: ${who(d)} approved — ${slackDate(d.at)}. *${approvals} of ${required}* approvals.${ping}`;
}

/** Quorum met: who approved, and that it runs now. */
export function renderExecutingReply(a: WireApproval): string {
  const count = a.commands.length;
  return `:gear: Executing ${count} command${count === 1 ? '' : 's'}, approved by ${approversOf(a).join(', ') || 'policy'}…`;
}

/** The one reply of a final state, or undefined for a state that is not final. */
export function renderFinalReply(a: WireApproval, ctx: MessageContext): string | undefined {
  const when = a.ended_at ?? a.finished_at;
  const at = when === null ? '' : ` — ${slackDate(when)}`;
  switch (a.state) {
    case 'succeeded':
    case 'failed':
      return renderResultsReply(a, ctx);
    case 'rejected': {
      const d = a.decisions.find((x) => x.decision === 'reject');
      return `:no_entry: *Rejected* by ${d ? who(d) : 'an approver'}${at}: ${agentText(d?.reason ?? a.reason ?? '', 1000)}\nNothing ran.`;
    }
    case 'expired':
      return `:alarm_clock: *Expired*${at}: no decision before the deadline (${a.quorum.approvals} of ${a.quorum.required} approvals). Nothing ran; the agent may propose it again.`;
    case 'cancelled': {
      const by = a.ended_by === null ? 'kubegate' : who(a.ended_by);
      return `:heavy_multiplication_x: *Cancelled* by ${by}${at}${a.reason ? `: ${agentText(a.reason, 500)}` : ''}. Nothing ran.`;
    }
    case 'interrupted':
      return interruptedReply(a, ctx, at);
    case 'pending':
    case 'approved':
    case 'executing':
      return undefined;
  }
}

/** What to look at when a run stopped half-way: the rollout or object each change touched. */
export function checksFor(a: WireApproval): string[] {
  const checks = a.commands.flatMap((c) => {
    if (c.read_only) return [];
    const words = targetOf(c)
      .split(' ')
      .filter((w) => !w.startsWith('-'));
    const [verb = '', ...rest] = words;
    const slashed = rest.find((w) => /^[a-z.]+\/[^/=]+$/.test(w));
    const [kind = '', name] = slashed
      ? slashed.split('/')
      : ['cordon', 'uncordon', 'drain'].includes(verb)
        ? ['node', rest[0]]
        : verb === 'rollout' || verb === 'set'
          ? rest.slice(1)
          : rest;
    const ns = c.namespace === null ? '' : ` -n ${c.namespace}`;
    if (
      /^(deploy|deployment|deployments|sts|statefulset|statefulsets|ds|daemonset|daemonsets)$/.test(kind) &&
      name
    )
      return [`kubectl rollout status ${kind}/${name}${ns}`];
    if (kind && name) return [`kubectl get ${kind} ${name}${ns}`];
    return [];
  });
  return [...new Set(checks)].slice(0, 10);
}

function interruptedReply(a: WireApproval, ctx: MessageContext, at: string): string {
  const checks = checksFor(a).map((c) => `• \`${escapeMrkdwn(c)}\``);
  return [
    `:warning: *Interrupted*${at}: kubegate stopped while running this (approved by ${approversOf(a).join(', ') || 'policy'}) and will not re-run it.`,
    '*The change may be half-applied.* Check what took effect before proposing it again:',
    ...(checks.length > 0 ? checks : ['• the objects the commands above target']),
    `Record so far: ${detailsLink(a.id, ctx)}`,
  ].join('\n');
}

const ICON: Record<WireResult['status'], string> = {
  succeeded: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
};

/** The run in one reply: the outcome in words, then ✅ / ❌ / skipped per command with the tail of its output. */
export function renderResultsReply(a: WireApproval, ctx: MessageContext): string {
  const head = outcomeLine(a);
  const lines = a.results.map((r, i) => `${ICON[r.status]} ${i + 1}. ${shortCommand(a, i)} *${r.status}*`);
  const shown = a.results.map((r, i) =>
    r.status === 'skipped' ? undefined : (r.error ?? (a.commands[i]?.read_only === false ? r.output : null)),
  );
  const withText = shown.filter((s) => typeof s === 'string' && s.length > 0).length;
  const fixed = head.length + lines.join('\n').length + 300;
  const budget = withText === 0 ? 0 : Math.min(MAX_TAIL, Math.floor((REPLY_LIMIT - fixed) / withText) - 60);
  const body = a.results.map((r, i) => {
    const text = shown[i];
    const line = lines[i] ?? '';
    if (r.status !== 'skipped' && r.error === null && r.output && a.commands[i]?.read_only !== false) {
      return `${line}. Its output is not posted to Slack (reads can show sensitive data).`;
    }
    if (typeof text !== 'string' || text.length === 0) return line;
    if (budget < MIN_TAIL)
      return `${line} — ${text.length.toLocaleString('en')} characters of ${r.error === null ? 'output' : 'error'} in the full record`;
    return `${line}\n${tail(text, budget)}`;
  });
  return [head, ...body, detailsLink(a.id, ctx)].join('\n');
}

/** The last `limit` characters (errors are at the end), and how much was cut above them. */
export function tail(text: string, limit: number): string {
  if (text.length <= limit) return codeBlock(text);
  let kept = text.slice(text.length - limit);
  const newline = kept.indexOf('\n');
  if (newline > 0 && newline < limit / 4) kept = kept.slice(newline + 1);
  const cut = text.length - kept.length;
  return `_… ${cut.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters cut above; the end is kept:_\n${codeBlock(kept)}`;
}

function outcomeLine(a: WireApproval): string {
  const total = a.commands.length;
  const at = a.finished_at === null ? '' : ` — ${slackDate(a.finished_at)}`;
  const applied = a.results.flatMap((r, i) =>
    r.status === 'succeeded' && a.commands[i]?.read_only === false ? [i + 1] : [],
  );
  const failed = a.results.flatMap((r, i) => (r.status === 'failed' ? [i + 1] : []));
  const skipped = a.results.filter((r) => r.status === 'skipped').length;
  const skippedText = skipped > 0 ? `; ${skipped} skipped` : '';
  if (a.state === 'succeeded')
    return `:large_green_circle: *Succeeded*${at}: all ${total} command${total === 1 ? '' : 's'} ran.`;
  if (applied.length > 0) {
    return `:red_circle: *Failed — partially applied*${at}: command${applied.length === 1 ? '' : 's'} ${applied.join(', ')} took effect, then ${failed.join(', ') || 'the run'} failed${skippedText}. kubegate does not roll back: check the cluster before retrying.`;
  }
  return `:red_circle: *Failed*${at}: no command took effect (command ${failed.join(', ') || '?'} failed${skippedText}).`;
}
