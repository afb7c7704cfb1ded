import { failedBeforeStart, type Approval, type ApprovalId, type CommandResult } from './model.ts';
import type { ApprovalEvent } from './events.ts';
import type { ServiceError } from './errors.ts';
import type { ExecutionLeases, Executor } from './ports.ts';
import type { Result } from './result.ts';

type ExecutionDeps = {
  readonly leases: ExecutionLeases;
  readonly apply: (id: ApprovalId, makeEvent: () => ApprovalEvent) => Promise<Result<Approval, ServiceError>>;
  readonly executor: Executor;
  readonly now: () => string;
  readonly signal: AbortSignal;
};

/**
 * Runs an approved proposal once. The `start` transition is a compare-and-set from `approved`, so of every
 * caller that gets here (double clicks, retries, replicas) exactly one reaches the executor.
 */
export async function runExecution(id: ApprovalId, deps: ExecutionDeps): Promise<void> {
  // The lease is taken before the run starts, so recovery elsewhere never mistakes this run for a dead one.
  const release = await deps.leases.hold(id);
  try {
    const started = await deps.apply(id, () => ({ type: 'start', at: deps.now() }));
    if (!started.ok || started.value.state !== 'executing') return;
    const results = await executeSafely(started.value, deps);
    await deps.apply(id, () => ({ type: 'finish', at: deps.now(), results }));
  } finally {
    await release();
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
