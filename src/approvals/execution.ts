import { failedBeforeStart, type Approval, type ApprovalId, type CommandResult } from './model.ts';
import type { ApprovalEvent } from './events.ts';
import type { ServiceError } from './errors.ts';
import type { ExecutionLeases, Executor } from './ports.ts';
import type { Result } from './result.ts';

export type ExecutionDeps = {
  readonly leases: ExecutionLeases;
  /** The service's load → transition → compare-and-set; `fencedAt` makes it one attempt from that version only. */
  readonly apply: (
    id: ApprovalId,
    makeEvent: () => ApprovalEvent,
    fencedAt?: number,
  ) => Promise<Result<Approval, ServiceError>>;
  readonly executor: Executor;
  readonly now: () => string;
  readonly signal: AbortSignal;
};

/**
 * Runs an approved proposal once. The `start` transition is a compare-and-set from the approved version, so of
 * every caller that gets here (double clicks, retries, replicas) exactly one reaches the executor; the `finish`
 * is a compare-and-set from the version `start` wrote, so a run that stalled past its lease (and was marked
 * interrupted meanwhile) cannot write its results over what happened since.
 */
export async function runExecution(approved: Approval, deps: ExecutionDeps): Promise<void> {
  const id = approved.id;
  // The lease is taken before the run starts, so recovery elsewhere never mistakes this run for a dead one.
  const lease = await deps.leases.hold(id, approved.version);
  if (!lease) return; // another owner is running it
  try {
    const started = await deps.apply(id, () => ({ type: 'start', at: deps.now() }), approved.version);
    if (!started.ok || started.value.state !== 'executing') return;
    // A lost lease stops the commands not yet sent: Kubernetes cannot check our fencing token, so stop early.
    const signal = AbortSignal.any([deps.signal, lease.lost]);
    const results = await executeSafely(started.value, { ...deps, signal });
    await deps.apply(id, () => ({ type: 'finish', at: deps.now(), results }), started.value.version);
  } finally {
    await lease.release().catch(() => undefined); // unreleased, it expires by itself
  }
}

async function executeSafely(
  approval: Extract<Approval, { state: 'executing' }>,
  deps: ExecutionDeps,
): Promise<readonly CommandResult[]> {
  try {
    return await deps.executor.execute(approval, deps.signal);
  } catch (cause) {
    // An executor bug must still end the run as failed, never leave it `executing` or report success.
    const error = `executor failed unexpectedly: ${cause instanceof Error ? cause.message : String(cause)}`;
    return failedBeforeStart(approval.proposal.commands, error, deps.now());
  }
}
