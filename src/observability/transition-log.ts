import type { ApprovalChange } from '../approvals/service.ts';
import type { Logger } from './log.ts';

/** The audit line of every stored change: approval id, from, to, who and through which surface. */
export function logTransition(logger: Logger, change: ApprovalChange): void {
  const { approval, previous, event } = change;
  const by =
    'by' in event ? event.by.principal : event.type === 'create' ? approval.proposal.requester : 'kubegate';
  const via = 'via' in event ? event.via : 'system';
  logger.info(
    {
      approvalId: approval.id,
      from: previous?.state ?? null,
      to: approval.state,
      event: event.type,
      by,
      via,
    },
    `approval ${event.type}: ${previous?.state ?? 'new'} → ${approval.state}`,
  );
}
