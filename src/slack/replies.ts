import type { ServiceError } from '../approvals/errors.ts';
import { assertNever } from '../approvals/result.ts';
import { collapseWhitespace } from '../approvals/showable.ts';
import { mention } from './ids.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** A refusal as the ephemeral message the clicker reads: why nothing changed. */
export function toEphemeral(e: ServiceError): string {
  switch (e.code) {
    case 'not_allowed':
      return `:lock: ${mention(e.principal)}, you are not among kubegate's approvers, so nothing changed. Ask an approver, or an admin to add you to APPROVERS.`;
    case 'self_approval':
      return ':raised_hand: You requested this change (under this or another of your identities), so someone else has to approve it.';
    case 'duplicate_decision':
      return ':ballot_box_with_check: You have already approved this; it is waiting for another approver.';
    case 'not_pending':
      return `:information_source: This approval is already *${e.state}*; nothing changed.`;
    case 'expired':
      return ':alarm_clock: This approval expired before a decision; nothing changed.';
    case 'not_found':
      return `:grey_question: kubegate has no approval \`${escapeMrkdwn(e.id)}\`.`;
    case 'illegal_transition':
      return `:information_source: This approval is *${e.state}*; it cannot be changed now.`;
    case 'invalid_input':
      return `:warning: ${escapeMrkdwn(e.issues.map((i) => `${i.path}: ${i.message}`).join('; '))}`;
    case 'invalid_command':
    case 'preflight_failed':
    case 'command_failed':
      return `:warning: \`${escapeMrkdwn(collapseWhitespace(e.command))}\`: ${escapeMrkdwn(e.reason)}`;
    case 'unavailable':
      return `:warning: kubegate is unavailable: ${escapeMrkdwn(e.reason)}`;
    case 'tampered':
      return `:rotating_light: Approval \`${e.id}\` was changed outside kubegate (its record fails verification); nothing was decided or run. Tell whoever runs kubegate.`;
    default:
      return assertNever(e);
  }
}
