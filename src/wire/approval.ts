import type { Approval, CommandResult, Decision, PlannedCommand } from '../approvals/model.ts';
import { resultsOf } from '../approvals/model.ts';
import { approvalsOf, requiredApprovals, type Policy } from '../approvals/policy.ts';
import type { WireApproval } from './approval-schema.ts';

export type { WireApproval } from './approval-schema.ts';

// The wire format is snake_case and stable: absent values are null rather than missing, so clients see one shape.

const wireCommand = (c: PlannedCommand) => ({
  command: c.command,
  explanation: c.explanation,
  safety_level: c.safetyLevel,
  risk: c.risk,
  risk_reasons: [...c.riskReasons],
  preview: c.preview ?? null,
});

const wireDecision = (d: Decision) => ({
  decision: d.decision,
  by: d.by,
  via: d.via,
  at: d.at,
  reason: d.reason ?? null,
});

const wireResult = (r: CommandResult) => ({
  command: r.command,
  status: r.status,
  output: r.output ?? null,
  error: r.error ?? null,
  started_at: r.startedAt ?? null,
  finished_at: r.finishedAt ?? null,
});

/** An approval as REST and MCP callers see it. */
export function toWireApproval(a: Approval, policy: Policy): WireApproval {
  return {
    id: a.id,
    state: a.state,
    action: a.proposal.action,
    commands: a.proposal.commands.map(wireCommand),
    metadata: a.proposal.metadata,
    requester: a.proposal.requester,
    idempotency_key: a.proposal.idempotencyKey ?? null,
    digest: a.proposal.digest ?? null,
    created_at: a.createdAt,
    expires_at: a.expiresAt,
    quorum: { required: requiredApprovals(policy, a.proposal), approvals: approvalsOf(a.decisions) },
    decisions: a.decisions.map(wireDecision),
    results: resultsOf(a).map(wireResult),
    approved_at: 'approvedAt' in a ? a.approvedAt : null,
    started_at: 'startedAt' in a ? a.startedAt : null,
    finished_at: 'finishedAt' in a ? a.finishedAt : null,
    ended_at: 'endedAt' in a ? a.endedAt : 'rejectedAt' in a ? a.rejectedAt : null,
    reason: 'reason' in a ? (a.reason ?? null) : null,
  };
}
