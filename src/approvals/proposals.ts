import type { ServiceError } from './errors.ts';
import { newApprovalId } from './ids.ts';
import type { Actor, Approval, PendingApproval, PlannedCommand, Surface } from './model.ts';
import { requirementsOf, type Policy, type Requirements } from './policy.ts';
import type { ApprovalStore, Clock, CommandReader, Planner, ReadOutput } from './ports.ts';
import type { ProposalInput } from './proposal-schema.ts';
import { err, ok, type Result } from './result.ts';
import { collapseWhitespace, unshowable } from './showable.ts';
import type { Committer, CommittedChange } from './commit.ts';
import { verified } from './verified.ts';

type ProposalDeps = {
  readonly store: ApprovalStore;
  readonly planner: Planner;
  readonly reader: CommandReader;
  readonly policy: () => Policy;
  readonly ttlMs: number;
  readonly clock: Clock;
  readonly emit: (change: CommittedChange) => void;
  readonly raiseJoined: Committer['raiseJoined'];
};

type Proposed = { readonly approval: Approval; readonly created: boolean };

const noRule = (command: string): ServiceError => ({
  code: 'invalid_command',
  command,
  reason:
    'no rule of the approval policy covers this command, so nobody could approve it (see GET /api/policy)',
});

/** Proposals: new ones, repeats that join a pending one, `execute_kubectl`, and what a proposal would need. */
export function createProposals(deps: ProposalDeps) {
  const { store, planner, policy, clock } = deps;

  async function propose(
    input: ProposalInput,
    requester: Actor,
    via: Surface,
  ): Promise<Result<Proposed, ServiceError>> {
    const key = input.idempotency_key;
    if (key !== undefined) {
      const existing = await verified(() => store.findByIdempotencyKey(requester.principal, key));
      if (!existing.ok) return existing;
      if (existing.value) return ok({ approval: existing.value, created: false });
    }
    const plan = await planner.plan(input);
    if (!plan.ok) return plan;
    const hidden = unshowable(plan.value.commands);
    if (hidden.length > 0) return err({ code: 'invalid_input', issues: hidden });
    const { rules } = policy();
    const needs = requirementsOf(rules, plan.value.commands, deps.ttlMs);
    if (!needs.ok) return err(noRule(needs.error.command));
    const createdAt = clock();
    const approval: PendingApproval = {
      id: newApprovalId(createdAt),
      version: 1,
      state: 'pending',
      createdAt: createdAt.toISOString(),
      expiresAt: new Date(createdAt.getTime() + (needs.value.ttlMs ?? deps.ttlMs)).toISOString(),
      decisions: [],
      createdVia: via,
      rules,
      proposal: {
        action: input.action,
        commands: plan.value.commands,
        metadata: input.metadata,
        requester: requester.principal,
        ...(key === undefined ? {} : { idempotencyKey: key }),
        ...(plan.value.digest === undefined ? {} : { digest: plan.value.digest }),
      },
    };
    const stored = await verified(() => store.create(approval));
    if (!stored.ok) return stored;
    if (stored.value.created) {
      deps.emit({
        approval: stored.value.approval,
        previous: undefined,
        event: { type: 'create', via, at: stored.value.approval.createdAt },
      });
      return stored;
    }
    const joined = stored.value.approval;
    if (
      joined.state !== 'pending' ||
      joined.proposal.digest === undefined ||
      joined.proposal.digest !== plan.value.digest
    )
      return stored;
    const raised = await deps.raiseJoined(joined.id, plan.value.commands, via);
    return raised.ok ? ok({ approval: raised.value, created: false }) : raised;
  }

  /**
   * `execute_kubectl` semantics, shared by every surface: a read runs at once; anything that changes the
   * cluster becomes a proposal that waits for approval like any other.
   */
  async function executeKubectl(
    command: string,
    namespace: string,
    requester: Actor,
    via: Surface,
  ): Promise<Result<{ kind: 'read'; read: ReadOutput } | ({ kind: 'proposal' } & Proposed), ServiceError>> {
    const outcome = await deps.reader.runIfRead(command, namespace);
    if (!outcome.ok) return outcome;
    if (outcome.value !== 'mutating') return ok({ kind: 'read', read: outcome.value });
    const proposed = await propose(
      {
        action: `kubectl ${collapseWhitespace(command).replace(/^kubectl /, '')}`.slice(0, 200),
        commands: [{ command, explanation: 'Requested through execute_kubectl', safety_level: 'CAUTION' }],
        metadata: { namespace },
      },
      requester,
      via,
    );
    return proposed.ok ? ok({ kind: 'proposal', ...proposed.value }) : proposed;
  }

  async function explain(
    input: ProposalInput,
  ): Promise<Result<{ commands: readonly PlannedCommand[]; requirements: Requirements }, ServiceError>> {
    const plan = await planner.plan(input);
    if (!plan.ok) return plan;
    const needs = requirementsOf(policy().rules, plan.value.commands, deps.ttlMs);
    return needs.ok
      ? ok({ commands: plan.value.commands, requirements: needs.value })
      : err(noRule(needs.error.command));
  }

  return { propose, executeKubectl, explain };
}
