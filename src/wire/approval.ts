import type { CommandResult, Decision, PlannedCommand } from '../approvals/model.ts';
import { resultsOf } from '../approvals/model.ts';
import { displayPerson, personOfDecision } from '../approvals/policy.ts';
import type { ApprovalWithQuorum, Quorum } from '../approvals/quorum.ts';
import type { WireApproval } from './approval-schema.ts';
import { namespaceMismatch, shownCommand } from '../approvals/showable.ts';

export type { WireApproval } from './approval-schema.ts';

// The wire format is snake_case and stable: absent values are null rather than missing, so clients see one shape.

const wireCommand = (c: PlannedCommand) => ({
  command: c.command,
  canonical: shownCommand(c),
  namespace: c.namespace ?? null,
  read_only: c.readOnly ?? false,
  explanation: c.explanation,
  safety_level: c.safetyLevel,
  risk: c.risk,
  risk_reasons: [...c.riskReasons],
  preview: c.preview ?? null,
});

const wireDecision = (d: Decision) => ({
  decision: d.decision,
  by: d.by,
  person: displayPerson(personOfDecision(d)),
  via: d.via,
  at: d.at,
  reason: d.reason ?? null,
});

const wireQuorum = (q: Quorum) => ({ required: q.required, approvals: q.approvals, rules: [...q.rules] });

const wireResult = (r: CommandResult) => ({
  command: r.command,
  status: r.status,
  output: r.output ?? null,
  error: r.error ?? null,
  started_at: r.startedAt ?? null,
  finished_at: r.finishedAt ?? null,
});

/** An approval as REST and MCP callers see it. */
export function toWireApproval(a: ApprovalWithQuorum): WireApproval {
  return {
    id: a.id,
    state: a.state,
    action: a.proposal.action,
    commands: a.proposal.commands.map(wireCommand),
    metadata: a.proposal.metadata,
    requester: a.proposal.requester,
    idempotency_key: a.proposal.idempotencyKey ?? null,
    digest: a.proposal.digest ?? null,
    risk_raised_at: a.proposal.riskRaisedAt ?? null,
    namespace_mismatch: namespaceMismatch(a.proposal),
    created_at: a.createdAt,
    expires_at: a.expiresAt,
    quorum: wireQuorum(a.quorum),
    created_via: a.createdVia ?? null,
    ended_by:
      'endedBy' in a
        ? { by: a.endedBy.by, person: displayPerson(a.endedBy.person), via: a.endedBy.via }
        : null,
    decisions: a.decisions.map(wireDecision),
    results: resultsOf(a).map(wireResult),
    approved_at: 'approvedAt' in a ? a.approvedAt : null,
    started_at: 'startedAt' in a ? a.startedAt : null,
    finished_at: 'finishedAt' in a ? a.finishedAt : null,
    ended_at: 'endedAt' in a ? a.endedAt : 'rejectedAt' in a ? a.rejectedAt : null,
    reason: 'reason' in a ? (a.reason ?? null) : null,
  };
}
