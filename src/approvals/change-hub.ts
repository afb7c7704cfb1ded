import type { CommittedChange } from './commit.ts';
import type { Approval } from './model.ts';
import type { ApprovalStore, ChangeFeed, ChangeNotice } from './ports.ts';
import type { ApprovalWithQuorum } from './quorum.ts';
import { ok } from './result.ts';
import type { ApprovalChange, ChangeListener, Outcome, SubscribeOptions, WaitOptions } from './service.ts';
import { loadApproval, verified } from './verified.ts';

type HubDeps = {
  readonly store: ApprovalStore;
  /** Changes committed by other replicas (Redis); without it, only this process's changes are heard. */
  readonly changes?: ChangeFeed | undefined;
  /** The approval as listeners get it: with its quorum. */
  readonly show: (a: Approval) => ApprovalWithQuorum;
};

/** Who hears changes: this process's listeners and waiters, and (through the feed) the other replicas. */
export function createChangeHub(deps: HubDeps) {
  const { store, show } = deps;
  const listeners = new Set<ChangeListener>();
  /** Those of `listeners` that hear other replicas' changes too (waiters, the live stream); the rest hear this one's. */
  const hearingRemote = new Set<ChangeListener>();
  const tell = (change: ApprovalChange): void => {
    for (const listener of change.remote === true ? hearingRemote : listeners) listener(change);
  };

  /** A change committed here: heard here, then told to the other replicas. */
  function emit(change: CommittedChange): void {
    tell({ ...change, approval: show(change.approval) });
    deps.changes?.publish({ id: change.approval.id, version: change.approval.version, event: change.event });
  }

  /**
   * A notice only says which record moved: it is re-read through the (verifying) store, and heard once, at the
   * version it names; a newer version means a newer notice is on its way, and that one will be heard instead.
   */
  async function hearRemote(notice: ChangeNotice): Promise<void> {
    // Nobody here wants it (no waiter, no open stream): under a storm that is most notices, and a read saved.
    if (hearingRemote.size === 0) return;
    const found = await verified(() => store.get(notice.id)).catch(() => undefined);
    if (found?.ok !== true || found.value?.version !== notice.version) return;
    tell({ approval: show(found.value), previous: undefined, event: notice.event, remote: true });
  }
  const stopHearing = deps.changes?.subscribe((notice) => {
    void hearRemote(notice);
  });

  function subscribe(listener: ChangeListener, options: SubscribeOptions = {}): () => void {
    listeners.add(listener);
    if (options.remote !== false) hearingRemote.add(listener);
    return () => {
      listeners.delete(listener);
      hearingRemote.delete(listener);
    };
  }

  async function waitFor(id: string, options: WaitOptions): Promise<Outcome> {
    let wake: (() => void) | undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    // Listening starts before the first read, so a change between the two is not missed.
    const off = subscribe((change) => {
      if (change.approval.id !== id) return;
      options.onChange?.(change.approval);
      if (options.until(change.approval)) wake?.();
    });
    try {
      const current = await loadApproval(store, id);
      if (!current.ok) return current;
      if (!options.until(current.value) && options.timeoutMs > 0) {
        options.onWaiting?.(current.value);
        await raceWake(woken, options.timeoutMs, options.signal);
      }
      const latest = await loadApproval(store, id);
      return latest.ok ? ok(show(latest.value)) : latest;
    } finally {
      off();
    }
  }

  return { emit, subscribe, waitFor, stopHearing: () => stopHearing?.() };
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
