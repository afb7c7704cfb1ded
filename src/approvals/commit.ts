import type { ServiceError } from './errors.ts';
import type { ApprovalEvent, ChangeEvent } from './events.ts';
import { isOverdue, transition } from './machine.ts';
import type { Approval, ApprovalId, PlannedCommand, Surface } from './model.ts';
import type { Policy } from './policy.ts';
import type { ApprovalStore } from './ports.ts';
import { raiseForRepeat } from './repeat.ts';
import { err, ok, type Result } from './result.ts';
import { verified } from './verified.ts';

/** A change as it was committed, before listeners get it (with its quorum). */
export type CommittedChange = {
  readonly approval: Approval;
  readonly previous: Approval | undefined;
  readonly event: ChangeEvent;
};

type CommitDeps = {
  readonly store: ApprovalStore;
  readonly policy: () => Policy;
  readonly now: () => string;
  readonly emit: (change: CommittedChange) => void;
  /** An approval just reached `approved` here: this process runs it. */
  readonly onApproved: (approved: Approval) => void;
};

type Committed = Result<Approval, ServiceError>;

// A CAS loses only when another writer moved the version; each retry re-reads, so this bounds pathological churn.
const MAX_CAS_ATTEMPTS = 64;

/** The only place a transition becomes real: load → transition → compareAndSet → tell listeners. */
export function createCommitter(deps: CommitDeps) {
  const { store, policy, now, emit } = deps;

  /**
   * Loads, transitions and compare-and-sets, retrying when another writer moved first; with `fencedAt`, only from
   * that version and once (an execution's own writes: a run that stalled past its lease must not write over what
   * happened meanwhile, e.g. recovery marking it interrupted).
   */
  async function apply(
    id: ApprovalId,
    makeEvent: () => ApprovalEvent,
    fencedAt?: number,
  ): Promise<Committed> {
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
        if (next.value.state === 'approved') deps.onApproved(next.value);
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

  /** A repeat that rates a command higher raises the pending proposal it joined (compare-and-set, like a decision). */
  async function raiseJoined(
    id: ApprovalId,
    repeat: readonly PlannedCommand[],
    via: Surface,
  ): Promise<Committed> {
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

  return { apply, raiseJoined };
}
export type Committer = ReturnType<typeof createCommitter>;
