import type { Actor, Approval, ApprovalId, PendingApproval, PlannedCommand, Surface } from './model.ts';
import type { ApprovalEvent } from './events.ts';
import type { ServiceError } from './errors.ts';
import { isOverdue, transition } from './machine.ts';
import { requirementsOf, type Policy, type Requirements } from './policy.ts';
import {
  StoreUnavailable,
  TamperedRecord,
  type ApprovalStore,
  type ChangeFeed,
  type ChangeNotice,
  type Clock,
  type CommandReader,
  type ExecutionLeases,
  type Executor,
  type HistoryPage,
  type HistoryQuery,
  type Planner,
  type ReadOutput,
} from './ports.ts';
import type { ProposalInput } from './proposal-schema.ts';
import { err, ok, type Result } from './result.ts';
import { newApprovalId } from './ids.ts';
import { runExecution } from './execution.ts';
import { raiseForRepeat } from './repeat.ts';
import { collapseWhitespace, unshowable } from './showable.ts';

/** What listeners (Slack, metrics, audit log) hear: every stored change, with the state it came from. */
export type ApprovalChange = {
  readonly approval: Approval;
  readonly previous: Approval | undefined;
  /** `repeat`: a repeat of a pending proposal joined it and raised a command's risk. */
  readonly event:
    ApprovalEvent | { readonly type: 'create' | 'repeat'; readonly via: Surface; readonly at: string };
  /**
   * Another replica committed it: the approval was re-read (and verified) from the store; `previous` is unknown. The
   * replica that committed a change renders it (Slack) and counts it (metrics, transition log); every replica's
   * waiters and live streams hear it.
   */
  readonly remote?: true;
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
  /** The policy in force now (a SIGHUP may replace it); each approval keeps the rules it was created under. */
  readonly policy: () => Policy;
  readonly ttlMs: number;
  readonly clock?: Clock;
  /** Who runs what, so recovery never interrupts a live run (across replicas on Redis). */
  readonly leases: ExecutionLeases;
  /** Changes committed by other replicas (Redis); without it, only this process's changes are heard. */
  readonly changes?: ChangeFeed | undefined;
};

type Outcome = Result<Approval, ServiceError>;

// A CAS loses only when another writer moved the version; each retry re-reads, so this bounds pathological churn.
const MAX_CAS_ATTEMPTS = 64;

export type ApprovalService = ReturnType<typeof createApprovalService>;

/** The only place a transition becomes real: load → transition → compareAndSet → tell listeners. */
export function createApprovalService(deps: ServiceDeps) {
  const { store, planner, executor, policy } = deps;
  const noRule = (command: string): ServiceError => ({
    code: 'invalid_command',
    command,
    reason:
      'no rule of the approval policy covers this command, so nobody could approve it (see GET /api/policy)',
  });
  const clock = deps.clock ?? (() => new Date());
  const listeners = new Set<ChangeListener>();
  const running = new Set<Promise<void>>();
  const shutdown = new AbortController();
  const { leases } = deps;

  const now = (): string => clock().toISOString();
  const emit = (change: ApprovalChange): void => {
    for (const listener of listeners) listener(change);
    if (change.remote !== true)
      deps.changes?.publish({
        id: change.approval.id,
        version: change.approval.version,
        event: change.event,
      });
  };

  /**
   * A notice only says which record moved: it is re-read through the (verifying) store, and heard once, at the
   * version it names; a newer version means a newer notice is on its way, and that one will be heard instead.
   */
  async function hearRemote(notice: ChangeNotice): Promise<void> {
    const found = await verified(() => store.get(notice.id)).catch(() => undefined);
    if (found?.ok !== true || found.value?.version !== notice.version) return;
    emit({ approval: found.value, previous: undefined, event: notice.event, remote: true });
  }
  const stopHearing = deps.changes?.subscribe((notice) => {
    void hearRemote(notice);
  });

  /**
   * Loads, transitions and compare-and-sets, retrying when another writer moved first; with `fencedAt`, only from
   * that version and once (an execution's own writes: a run that stalled past its lease must not write over what
   * happened meanwhile, e.g. recovery marking it interrupted).
   */
  async function apply(id: ApprovalId, makeEvent: () => ApprovalEvent, fencedAt?: number): Promise<Outcome> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const loaded = await verified(() => store.get(id));
      if (!loaded.ok) return loaded;
      const current = loaded.value;
      if (!current) return err({ code: 'not_found', id });
      const event = makeEvent();
      if (fencedAt !== undefined && current.version !== fencedAt)
        return err({ code: 'illegal_transition', state: current.state, event: event.type });
      const next = transition(current, event, policy());
      if (!next.ok) {
        if (next.error.code === 'expired') await expireIfOverdue(current);
        return next;
      }
      const written = await verified(() => store.compareAndSet(next.value, current.version));
      if (!written.ok) return written;
      if (written.value) {
        emit({ approval: next.value, previous: current, event });
        if (next.value.state === 'approved') startExecution(next.value);
        return next;
      }
      if (fencedAt !== undefined)
        return err({ code: 'illegal_transition', state: current.state, event: event.type });
    }
    throw new Error(`approval ${id} kept changing under ${MAX_CAS_ATTEMPTS} attempts`);
  }

  // A decision that arrives after the deadline also settles the state the sweeper has not reached yet.
  async function expireIfOverdue(a: Approval): Promise<void> {
    if (a.state === 'pending' && isOverdue(a, now()))
      await apply(a.id, () => ({ type: 'expire', at: now() }));
  }

  function startExecution(approved: Approval): void {
    const run = runExecution(approved, { apply, executor, leases, now, signal: shutdown.signal }).finally(
      () => running.delete(run),
    );
    running.add(run);
  }

  async function propose(
    input: ProposalInput,
    requester: Actor,
    via: Surface,
  ): Promise<Result<{ approval: Approval; created: boolean }, ServiceError>> {
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
      emit({
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
    const raised = await raiseJoined(joined.id, plan.value.commands, via);
    return raised.ok ? ok({ approval: raised.value, created: false }) : raised;
  }

  /** A repeat that rates a command higher raises the pending proposal it joined (compare-and-set, like a decision). */
  async function raiseJoined(
    id: ApprovalId,
    repeat: readonly PlannedCommand[],
    via: Surface,
  ): Promise<Outcome> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const loaded = await verified(() => store.get(id));
      if (!loaded.ok) return loaded;
      const current = loaded.value;
      if (!current) return err({ code: 'not_found', id });
      const at = now();
      const next = current.state === 'pending' ? raiseForRepeat(current, repeat, at) : undefined;
      if (!next) return ok(current);
      const written = await verified(() => store.compareAndSet(next, current.version));
      if (!written.ok) return written;
      if (written.value) {
        emit({ approval: next, previous: current, event: { type: 'repeat', via, at } });
        return ok(next);
      }
    }
    throw new Error(`approval ${id} kept changing under ${MAX_CAS_ATTEMPTS} attempts`);
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
  ): Promise<
    Result<
      { kind: 'read'; read: ReadOutput } | { kind: 'proposal'; approval: Approval; created: boolean },
      ServiceError
    >
  > {
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

  /**
   * Whether `actor` could take this decision now, without taking it: the state machine judges a trial event on
   * the stored approval, so the answer is exactly what a real decision would get (Slack opens the reject modal
   * only for someone who may reject, rather than after they typed a reason).
   */
  async function checkDecision(
    id: ApprovalId,
    actor: Actor,
    decision: 'approve' | 'reject',
  ): Promise<Outcome> {
    const loaded = await verified(() => store.get(id));
    if (!loaded.ok) return loaded;
    if (!loaded.value) return err({ code: 'not_found', id });
    const at = now();
    const trial: ApprovalEvent =
      decision === 'approve'
        ? { type: 'approve', by: actor, via: 'system', at }
        : { type: 'reject', by: actor, via: 'system', at, reason: 'trial' };
    const next = transition(loaded.value, trial, policy());
    return next.ok ? ok(loaded.value) : next;
  }

  /** The pending proposals `actor` may approve now, and how many others wait (theirs, or beyond their rights). */
  async function listDecidable(actor: Actor): Promise<{ decidable: readonly Approval[]; others: number }> {
    const pending = (await store.listOpen()).filter((a) => a.state === 'pending');
    const at = now();
    const decidable = pending.filter(
      (a) => transition(a, { type: 'approve', by: actor, via: 'system', at }, policy()).ok,
    );
    return { decidable, others: pending.length - decidable.length };
  }

  /** Which rules, quorum, approvers and ttl a proposal would get, without proposing anything. */
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

  function subscribe(listener: ChangeListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return {
    propose,
    explain,
    checkDecision,
    listDecidable,
    /** The policy in force now (GET /api/policy; Slack group look-ups). */
    policy,
    executeKubectl,
    approve: (id: ApprovalId, by: Actor, via: Surface, comment?: string) =>
      apply(id, () => ({
        type: 'approve',
        by,
        via,
        at: now(),
        ...(comment === undefined ? {} : { comment }),
      })),
    reject: (id: ApprovalId, by: Actor, via: Surface, reason: string) =>
      apply(id, () => ({ type: 'reject', by, via, at: now(), reason })),
    cancel: (id: ApprovalId, by: Actor, via: Surface, reason?: string) =>
      apply(id, () => ({ type: 'cancel', by, via, at: now(), ...(reason === undefined ? {} : { reason }) })),

    async get(id: ApprovalId): Promise<Outcome> {
      const found = await verified(() => store.get(id));
      if (!found.ok) return found;
      return found.value ? ok(found.value) : err({ code: 'not_found', id });
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
      const outcomes = await Promise.all(
        overdue.map((a) => apply(a.id, () => ({ type: 'expire', at: now() }))),
      );
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
        const current = await verified(() => store.get(id));
        if (!current.ok) return current;
        if (!current.value) return err({ code: 'not_found', id });
        if (!options.until(current.value) && options.timeoutMs > 0)
          await raceWake(woken, options.timeoutMs, options.signal);
        const latest = await verified(() => store.get(id));
        if (!latest.ok) return latest;
        return latest.value ? ok(latest.value) : err({ code: 'not_found', id });
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
      stopHearing?.();
      if (running.size === 0) return;
      const settled = Promise.allSettled([...running]);
      if (await settlesWithin(settled, graceMs)) return;
      shutdown.abort(new Error('kubegate is shutting down'));
      await settlesWithin(settled, abortWaitMs);
    },
  };
}

/**
 * A store call whose record failed verification becomes a `tampered` refusal: such a record is never decided,
 * joined or executed. Every other failure (the store is down) stays thrown, as before.
 */
async function verified<T>(call: () => Promise<T>): Promise<Result<T, ServiceError>> {
  try {
    return ok(await call());
  } catch (e) {
    if (e instanceof TamperedRecord) return err({ code: 'tampered', id: e.id });
    // The store cannot answer now (Redis down or restarting): a refusal with the reason, 503 on HTTP.
    if (e instanceof StoreUnavailable) return err({ code: 'unavailable', reason: e.message });
    throw e;
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
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
