import type { Actor, Approval, ApprovalId, PendingApproval, Surface } from './model.ts';
import type { ApprovalEvent } from './events.ts';
import type { ServiceError } from './errors.ts';
import { isOverdue, transition } from './machine.ts';
import type { Policy } from './policy.ts';
import type { ApprovalStore, Clock, CommandReader, ExecutionLeases, Executor, HistoryPage, HistoryQuery, Planner, ReadOutput } from './ports.ts';
import type { ProposalInput } from './proposal-schema.ts';
import { err, ok, type Result } from './result.ts';
import { newApprovalId } from './ids.ts';
import { runExecution } from './execution.ts';

/** What listeners (Slack, metrics, audit log) hear: every stored change, with the state it came from. */
export type ApprovalChange = {
  readonly approval: Approval;
  readonly previous: Approval | undefined;
  readonly event: ApprovalEvent | { readonly type: 'create'; readonly via: Surface; readonly at: string };
};
export type ChangeListener = (change: ApprovalChange) => void;

export type WaitOptions = {
  readonly until: (a: Approval) => boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onChange?: ((a: Approval) => void) | undefined;
};

export type ServiceDeps = {
  readonly store: ApprovalStore;
  readonly planner: Planner;
  readonly executor: Executor;
  readonly reader: CommandReader;
  readonly policy: Policy;
  readonly ttlMs: number;
  readonly clock?: Clock;
  /** Who runs what, so recovery never interrupts a live run (across replicas on Redis). */
  readonly leases: ExecutionLeases;
};

type Outcome = Result<Approval, ServiceError>;

// A CAS loses only when another writer moved the version; each retry re-reads, so this bounds pathological churn.
const MAX_CAS_ATTEMPTS = 64;

export type ApprovalService = ReturnType<typeof createApprovalService>;

/** The only place a transition becomes real: load → transition → compareAndSet → tell listeners. */
export function createApprovalService(deps: ServiceDeps) {
  const { store, planner, executor, policy } = deps;
  const clock = deps.clock ?? (() => new Date());
  const listeners = new Set<ChangeListener>();
  const running = new Set<Promise<void>>();
  const shutdown = new AbortController();
  const { leases } = deps;

  const now = (): string => clock().toISOString();
  const emit = (change: ApprovalChange): void => {
    for (const listener of listeners) listener(change);
  };

  async function apply(id: ApprovalId, makeEvent: () => ApprovalEvent): Promise<Outcome> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await store.get(id);
      if (!current) return err({ code: 'not_found', id });
      const event = makeEvent();
      const next = transition(current, event, policy);
      if (!next.ok) {
        if (next.error.code === 'expired') await expireIfOverdue(current);
        return next;
      }
      if (await store.compareAndSet(next.value, current.version)) {
        emit({ approval: next.value, previous: current, event });
        if (next.value.state === 'approved') startExecution(id);
        return next;
      }
    }
    throw new Error(`approval ${id} kept changing under ${MAX_CAS_ATTEMPTS} attempts`);
  }

  // A decision that arrives after the deadline also settles the state the sweeper has not reached yet.
  async function expireIfOverdue(a: Approval): Promise<void> {
    if (a.state === 'pending' && isOverdue(a, now())) await apply(a.id, () => ({ type: 'expire', at: now() }));
  }

  function startExecution(id: ApprovalId): void {
    const run = runExecution(id, { apply, executor, leases, now, signal: shutdown.signal }).finally(() => running.delete(run));
    running.add(run);
  }

  async function propose(input: ProposalInput, requester: Actor, via: Surface): Promise<Result<{ approval: Approval; created: boolean }, ServiceError>> {
    const key = input.idempotency_key;
    if (key !== undefined) {
      const existing = await store.findByIdempotencyKey(requester.principal, key);
      if (existing) return ok({ approval: existing, created: false });
    }
    const plan = await planner.plan(input);
    if (!plan.ok) return plan;
    const createdAt = clock();
    const approval: PendingApproval = {
      id: newApprovalId(createdAt),
      version: 1,
      state: 'pending',
      createdAt: createdAt.toISOString(),
      expiresAt: new Date(createdAt.getTime() + deps.ttlMs).toISOString(),
      decisions: [],
      proposal: {
        action: input.action,
        commands: plan.value.commands,
        metadata: input.metadata,
        requester: requester.principal,
        ...(key === undefined ? {} : { idempotencyKey: key }),
        ...(plan.value.digest === undefined ? {} : { digest: plan.value.digest }),
      },
    };
    const stored = await store.create(approval);
    if (stored.created) emit({ approval: stored.approval, previous: undefined, event: { type: 'create', via, at: stored.approval.createdAt } });
    return ok(stored);
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
  ): Promise<Result<{ kind: 'read'; read: ReadOutput } | { kind: 'proposal'; approval: Approval; created: boolean }, ServiceError>> {
    const outcome = await deps.reader.runIfRead(command, namespace);
    if (!outcome.ok) return outcome;
    if (outcome.value !== 'mutating') return ok({ kind: 'read', read: outcome.value });
    const proposed = await propose(
      {
        action: `kubectl ${command.replace(/^\s*kubectl\s+/, '')}`.slice(0, 200),
        commands: [{ command, explanation: 'Requested through execute_kubectl', safety_level: 'CAUTION' }],
        metadata: { namespace },
      },
      requester,
      via,
    );
    return proposed.ok ? ok({ kind: 'proposal', ...proposed.value }) : proposed;
  }

  function subscribe(listener: ChangeListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return {
    propose,
    executeKubectl,
    approve: (id: ApprovalId, by: Actor, via: Surface, comment?: string) =>
      apply(id, () => ({ type: 'approve', by, via, at: now(), ...(comment === undefined ? {} : { comment }) })),
    reject: (id: ApprovalId, by: Actor, via: Surface, reason: string) =>
      apply(id, () => ({ type: 'reject', by, via, at: now(), reason })),
    cancel: (id: ApprovalId, by: Actor, via: Surface, reason?: string) =>
      apply(id, () => ({ type: 'cancel', by, via, at: now(), ...(reason === undefined ? {} : { reason }) })),

    async get(id: ApprovalId): Promise<Outcome> {
      const found = await store.get(id);
      return found ? ok(found) : err({ code: 'not_found', id });
    },
    async listPending(): Promise<readonly Approval[]> {
      return (await store.listOpen()).filter((a) => a.state === 'pending');
    },
    listHistory: (query: HistoryQuery): Promise<HistoryPage> => store.listHistory(query),
    /** Pending, approved and executing approvals, oldest first. */
    listOpen: (): Promise<readonly Approval[]> => store.listOpen(),

    /** Moves every overdue pending proposal to `expired`; returns how many it moved. */
    async sweepExpired(): Promise<number> {
      const overdue = (await store.listOpen()).filter((a) => a.state === 'pending' && isOverdue(a, now()));
      const outcomes = await Promise.all(overdue.map((a) => apply(a.id, () => ({ type: 'expire', at: now() }))));
      return outcomes.filter((o) => o.ok).length;
    },

    /**
     * A run that was approved or under way when its process died is marked interrupted, never re-run. A run is
     * stranded when nobody holds its lease and it is older than `minAgeMs` (other replicas may have just approved it).
     */
    async recoverInterrupted(minAgeMs = 0): Promise<number> {
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

    /**
     * Resolves with the approval once `until` holds, the time is up or `signal` aborts (whichever comes
     * first), telling `onChange` about every change meanwhile. Driven by change events, never by polling.
     */
    async waitFor(id: ApprovalId, options: WaitOptions): Promise<Outcome> {
      let wake: (() => void) | undefined;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const off = subscribe((change) => {
        if (change.approval.id !== id) return;
        options.onChange?.(change.approval);
        if (options.until(change.approval)) wake?.();
      });
      try {
        const current = await store.get(id);
        if (!current) return err({ code: 'not_found', id });
        if (!options.until(current) && options.timeoutMs > 0) await raceWake(woken, options.timeoutMs, options.signal);
        const latest = await store.get(id);
        return latest ? ok(latest) : err({ code: 'not_found', id });
      } finally {
        off();
      }
    },

    subscribe,

    get executionsInFlight(): number {
      return running.size;
    },

    /**
     * Lets running executions finish for up to `graceMs`, then aborts them and waits a little longer for the
     * executor to report; a run still going after that stays `executing` and is marked interrupted on restart.
     */
    async drain(graceMs: number, abortWaitMs = 5000): Promise<void> {
      if (running.size === 0) return;
      const settled = Promise.allSettled([...running]);
      if (await settlesWithin(settled, graceMs)) return;
      shutdown.abort(new Error('kubegate is shutting down'));
      await settlesWithin(settled, abortWaitMs);
    },
  };
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => { resolve(false); }, ms);
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

async function raceWake(woken: Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    onAbort = resolve;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  await Promise.race([woken, stop]);
  clearTimeout(timer);
  if (onAbort) signal?.removeEventListener('abort', onAbort);
}
