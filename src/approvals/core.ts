import type { Actor, Approval, Surface } from './model.ts';
import type { ApprovalEvent } from './events.ts';
import { queryAudit } from './audit-query.ts';
import { createChangeHub } from './change-hub.ts';
import { createCommitter } from './commit.ts';
import { createExecutions } from './executions.ts';
import { parseApprovalId } from './ids.ts';
import { isOverdue, transition } from './machine.ts';
import { personOfActor, type Policy } from './policy.ts';
import type {
  ApprovalStore,
  ChangeFeed,
  Clock,
  CommandReader,
  ExecutionLeases,
  Executor,
  HistoryQuery,
  Planner,
} from './ports.ts';
import { createProposals } from './proposals.ts';
import { withQuorum } from './quorum.ts';
import { err, ok } from './result.ts';
import type { ApprovalRuntime, ApprovalService, HistoryView, Outcome } from './service.ts';
import { loadApproval } from './verified.ts';

export type ServiceDeps = {
  readonly store: ApprovalStore;
  readonly planner: Planner;
  readonly executor: Executor;
  readonly reader: CommandReader;
  /** The policy in force now (a SIGHUP may replace it); each approval keeps the rules it was created under. */
  readonly policy: () => Policy;
  readonly ttlMs: number;
  readonly clock?: Clock;
  /** Who runs what, so recovery never interrupts a live run (across replicas on Redis). */
  readonly leases: ExecutionLeases;
  /** Changes committed by other replicas (Redis); without it, only this process's changes are heard. */
  readonly changes?: ChangeFeed | undefined;
};

/**
 * The approval core, as two handles: the service every surface gets, and the runtime (recovery, expiry sweep,
 * shutdown) that only the composition root holds, so no surface can drain or recover anything.
 */
export function createApprovals(deps: ServiceDeps): {
  readonly service: ApprovalService;
  readonly runtime: ApprovalRuntime;
} {
  const { store, policy, leases } = deps;
  const clock = deps.clock ?? (() => new Date());
  const now = (): string => clock().toISOString();
  const show = (a: Approval) => withQuorum(a, policy());
  const showAll = (approvals: readonly Approval[]) => approvals.map(show);

  const hub = createChangeHub({ store, changes: deps.changes, show });
  const committer = createCommitter({
    store,
    policy,
    now,
    emit: hub.emit,
    onApproved: (approved) => {
      executions.start(approved);
    },
  });
  const { apply } = committer;
  const executions = createExecutions({ apply, executor: deps.executor, leases, now });
  const proposals = createProposals({
    ...deps,
    clock,
    emit: hub.emit,
    raiseJoined: committer.raiseJoined,
  });

  /** A decision (or cancellation) on the approval an id names; a malformed id names none. */
  async function decide(id: string, makeEvent: () => ApprovalEvent): Promise<Outcome> {
    const approvalId = parseApprovalId(id);
    if (approvalId === undefined) return err({ code: 'not_found', id });
    const decided = await apply(approvalId, makeEvent);
    return decided.ok ? ok(show(decided.value)) : decided;
  }

  async function checkDecision(id: string, actor: Actor, decision: 'approve' | 'reject'): Promise<Outcome> {
    const loaded = await loadApproval(store, id);
    if (!loaded.ok) return loaded;
    const at = now();
    const trial: ApprovalEvent =
      decision === 'approve'
        ? { type: 'approve', by: actor, via: 'system', at }
        : { type: 'reject', by: actor, via: 'system', at, reason: 'trial' };
    const next = transition(loaded.value, trial, policy());
    return next.ok ? ok(show(loaded.value)) : next;
  }

  async function listDecidable(actor: Actor) {
    const pending = (await store.listOpen()).filter((a) => a.state === 'pending');
    const at = now();
    const decidable = pending.filter(
      (a) => transition(a, { type: 'approve', by: actor, via: 'system', at }, policy()).ok,
    );
    return {
      decidable: showAll(decidable),
      others: pending.length - decidable.length,
      person: personOfActor(policy(), actor),
    };
  }

  const service: ApprovalService = {
    async propose(input, requester: Actor, via: Surface) {
      const proposed = await proposals.propose(input, requester, via);
      return proposed.ok ? ok({ ...proposed.value, approval: show(proposed.value.approval) }) : proposed;
    },
    async executeKubectl(command, namespace, requester, via) {
      const outcome = await proposals.executeKubectl(command, namespace, requester, via);
      if (!outcome.ok) return outcome;
      const { value } = outcome;
      return ok(value.kind === 'read' ? value : { ...value, approval: show(value.approval) });
    },
    explain: proposals.explain,
    approve: (id, by, via, comment) =>
      decide(id, () => ({
        type: 'approve',
        by,
        via,
        at: now(),
        ...(comment === undefined ? {} : { comment }),
      })),
    reject: (id, by, via, reason) => decide(id, () => ({ type: 'reject', by, via, at: now(), reason })),
    cancel: (id, by, via, reason) =>
      decide(id, () => ({ type: 'cancel', by, via, at: now(), ...(reason === undefined ? {} : { reason }) })),
    checkDecision,

    async get(id) {
      const found = await loadApproval(store, id);
      return found.ok ? ok(show(found.value)) : found;
    },
    async listPending() {
      return showAll((await store.listOpen()).filter((a) => a.state === 'pending'));
    },
    async listHistory(query: HistoryQuery): Promise<HistoryView> {
      const page = await store.listHistory(query);
      return { ...page, approvals: showAll(page.approvals) };
    },
    listOpen: async () => showAll(await store.listOpen()),
    listDecidable,
    audit: (query) => queryAudit({ listHistory: (q) => store.listHistory(q), ttlMs: deps.ttlMs }, query),

    waitFor: hub.waitFor,
    subscribe: hub.subscribe,
    policy,
  };

  const runtime: ApprovalRuntime = {
    async sweepExpired() {
      const overdue = (await store.listOpen()).filter((a) => a.state === 'pending' && isOverdue(a, now()));
      const outcomes = await Promise.all(
        overdue.map((a) => apply(a.id, () => ({ type: 'expire', at: now() }))),
      );
      return outcomes.filter((o) => o.ok).length;
    },
    async recoverInterrupted(minAgeMs = 0) {
      const open = (await store.listOpen()).filter((a) => a.state === 'approved' || a.state === 'executing');
      const cutoff = clock().getTime() - minAgeMs;
      const stranded: Approval[] = [];
      for (const a of open) {
        const since = Date.parse(a.state === 'executing' ? a.startedAt : a.approvedAt);
        if (since <= cutoff && !(await leases.isHeld(a.id))) stranded.push(a);
      }
      const reason = 'kubegate stopped while this approval was being executed; it was not re-run';
      const outcomes = await Promise.all(
        stranded.map((a) => apply(a.id, () => ({ type: 'interrupt', at: now(), reason }))),
      );
      return outcomes.filter((o) => o.ok).length;
    },
    get executionsInFlight() {
      return executions.inFlight;
    },
    async drain(graceMs, abortWaitMs = 5000) {
      hub.stopHearing();
      await executions.drain(graceMs, abortWaitMs);
    },
  };

  return { service, runtime };
}
