import type { ServiceError } from '../approvals/errors.ts';
import { assertNever } from '../approvals/result.ts';
import { mention } from './ids.ts';

/** A refusal as the ephemeral message the clicker reads: why nothing changed. */
export function toEphemeral(e: ServiceError): string {
  switch (e.code) {
    case 'not_allowed':
      return `:lock: ${mention(e.principal)}, you are not among kubegate's approvers, so nothing changed. Ask an approver, or an admin to add you to APPROVERS.`;
    case 'self_approval':
      return ':raised_hand: You proposed this dangerous change, so someone else has to approve it.';
    case 'duplicate_decision':
      return ':ballot_box_with_check: You have already approved this; it is waiting for another approver.';
    case 'not_pending':
      return `:information_source: This approval is already *${e.state}*; nothing changed.`;
    case 'expired':
      return ':alarm_clock: This approval expired before a decision; nothing changed.';
    case 'not_found':
      return `:grey_question: kubegate has no approval \`${e.id}\`.`;
    case 'illegal_transition':
      return `:information_source: This approval is *${e.state}*; it cannot be changed now.`;
    case 'invalid_input':
      return `:warning: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
    case 'invalid_command':
    case 'preflight_failed':
    case 'command_failed':
      return `:warning: \`${e.command}\`: ${e.reason}`;
    case 'unavailable':
      return `:warning: kubegate is unavailable: ${e.reason}`;
    default:
      return assertNever(e);
  }
}
