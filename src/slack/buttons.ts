import type { KnownBlock } from '@slack/types';
import type { WireApproval } from '../wire/approval-schema.ts';
import { APPROVE_ACTION, REJECT_ACTION } from './ids.ts';
import { clip, escapeMrkdwn } from './mrkdwn.ts';
import { highest, namespacesOf, targetOf, type MessageContext } from './summary.ts';

// Slack's limits: a confirm dialog's text holds 300 characters, its title 100, a button's accessibility_label 75.
// @see https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object
const CONFIRM_LIMIT = 300;
const LABEL_LIMIT = 75;

type WireCommand = WireApproval['commands'][number];

/** `delete pod`, `rollout restart deployment`: the verb and kind of a command, from its canonical spelling. */
export function verbKindOf(c: Pick<WireCommand, 'canonical' | 'namespace'>): string {
  const words = targetOf(c).split(' ');
  const take = words[0] === 'rollout' ? 3 : 2;
  return words.slice(0, take).join(' ').replace(/\/.*$/, '');
}

/** Whose click runs it: only the approval that completes the quorum starts the run. */
const isFinalApproval = (a: WireApproval): boolean => a.quorum.approvals + 1 >= a.quorum.required;

/**
 * The dangerous approve's confirm dialog: a count of what runs by verb and kind and where, never a command clipped
 * mid-backtick (every command is whole in the message above it), and whether this click runs it.
 */
export function confirmText(a: WireApproval, ctx: MessageContext): string {
  const counts = new Map<string, number>();
  for (const c of a.commands) counts.set(verbKindOf(c), (counts.get(verbKindOf(c)) ?? 0) + 1);
  const dangerous = a.commands.filter((c) => c.risk === 'dangerous').length;
  const verbs = [...counts].map(([v, n]) => `${v} ×${n}`);
  const ns = namespacesOf(a);
  const names = ns.join(', ');
  const where = `${ns.length === 0 ? 'cluster-scoped' : names.length <= 80 ? `in ${names}` : `in ${ns.length} namespaces`}${ctx.cluster === undefined ? '' : ` on ${clip(ctx.cluster, 40)}`}`;
  const final = isFinalApproval(a)
    ? 'Your approval is the last one needed: your click runs it now.'
    : `This is approval ${a.quorum.approvals + 1} of ${a.quorum.required}: it runs when the last approver clicks.`;
  const head = `Runs ${a.commands.length} command${a.commands.length === 1 ? '' : 's'} (${dangerous} dangerous) ${where}:`;
  const room = CONFIRM_LIMIT - head.length - final.length - 4;
  const shown: string[] = [];
  for (const v of verbs) {
    if (shown.join(', ').length + v.length + 12 > room) break;
    shown.push(v);
  }
  const more = verbs.length - shown.length;
  // Namespaces and kinds are Kubernetes names (DNS labels): escaping only guards the dialog's own mrkdwn.
  const text = escapeMrkdwn(`${head} ${shown.join(', ')}${more > 0 ? ` +${more} more` : ''}.\n${final}`);
  return text.length <= CONFIRM_LIMIT
    ? text
    : escapeMrkdwn(`Runs ${a.commands.length} commands; read each one above.\n${final}`);
}

/** A screen reader's name for a button: the decision and what it decides, within Slack's 75 characters. */
export const accessibilityLabel = (verb: 'Approve' | 'Reject', a: WireApproval): string =>
  clip(
    `${verb} ${a.commands.length === 1 && a.commands[0] ? targetOf(a.commands[0]) : `${a.commands.length} commands`}`,
    LABEL_LIMIT,
  );

/** Approve and Reject, for an approval message, a Home tab entry or a /k8s-pending answer. */
export function decisionButtons(a: WireApproval, ctx: MessageContext, blockId: string): KnownBlock {
  const dangerous = highest(a) === 'dangerous';
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        accessibility_label: accessibilityLabel('Approve', a),
        value: a.id,
        ...(dangerous
          ? {
              confirm: {
                title: {
                  type: 'plain_text',
                  text: isFinalApproval(a) ? 'Approve and run now?' : 'Approve a dangerous change?',
                },
                text: { type: 'mrkdwn', text: confirmText(a, ctx) },
                confirm: { type: 'plain_text', text: isFinalApproval(a) ? 'Approve and run' : 'Approve' },
                deny: { type: 'plain_text', text: 'Cancel' },
                style: 'danger',
              },
            }
          : {}),
      },
      {
        type: 'button',
        action_id: REJECT_ACTION,
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject' },
        accessibility_label: accessibilityLabel('Reject', a),
        value: a.id,
      },
    ],
  };
}
