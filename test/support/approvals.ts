import type { Actor, Approval, ApprovalState, PendingApproval, Risk } from '../../src/approvals/model.ts';
import { newApprovalId } from '../../src/approvals/ids.ts';
import type { ProposalInput } from '../../src/approvals/proposal-schema.ts';

/** The original tool's README example, verbatim: it must keep validating. */
export const ORIGINAL_EXAMPLE = {
  action: 'Restart crashed pods',
  commands: [
    {
      command: 'kubectl delete pod api-service-7b4f9d -n production',
      explanation: 'Delete the OOMKilled pod to trigger restart',
      safety_level: 'CAUTION',
    },
  ],
  metadata: { severity: 'HIGH', service: 'api-service', namespace: 'production' },
};

export const exampleInput = (overrides: Partial<ProposalInput> = {}): ProposalInput => ({
  ...(structuredClone(ORIGINAL_EXAMPLE) as ProposalInput),
  ...overrides,
});

export const T0 = '2026-01-01T00:00:00.000Z';
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();
export const actor = (principal: string, groups?: string[]): Actor =>
  groups ? { principal, groups } : { principal };

/** A pending approval created at T0 that expires 30 minutes later. */
export function pendingApproval(risk: Risk = 'change', requester = 'api:agent'): PendingApproval {
  return {
    id: newApprovalId(new Date(T0)),
    version: 1,
    state: 'pending',
    createdAt: T0,
    expiresAt: at(1800),
    decisions: [],
    proposal: {
      action: 'Restart crashed pods',
      commands: [
        {
          command: 'kubectl delete pod api-service-7b4f9d -n production',
          explanation: 'Delete the OOMKilled pod',
          safetyLevel: 'CAUTION',
          risk,
          riskReasons: [],
        },
      ],
      metadata: { namespace: 'production' },
      requester,
    },
  };
}

/** An approval in any state, with the fields that state carries. */
export function approvalIn(state: ApprovalState, risk: Risk = 'change'): Approval {
  const p = pendingApproval(risk);
  const approvedAt = at(10);
  const startedAt = at(11);
  switch (state) {
    case 'pending':
      return p;
    case 'approved':
      return { ...p, state, approvedAt };
    case 'executing':
      return { ...p, state, approvedAt, startedAt };
    case 'succeeded':
    case 'failed':
      return { ...p, state, approvedAt, startedAt, finishedAt: at(12), results: [] };
    case 'rejected':
      return { ...p, state, rejectedAt: at(10), reason: 'no' };
    case 'expired':
    case 'cancelled':
    case 'interrupted':
      return { ...p, state, endedAt: at(10) };
  }
}
