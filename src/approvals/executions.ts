import type { Approval } from './model.ts';
import { runExecution, type ExecutionDeps } from './execution.ts';

/** The executions running in this process: started on approval, awaited (then aborted) on shutdown. */
export function createExecutions(deps: Omit<ExecutionDeps, 'signal'>) {
  const running = new Set<Promise<void>>();
  const shutdown = new AbortController();
  return {
    start(approved: Approval): void {
      const run = runExecution(approved, { ...deps, signal: shutdown.signal }).finally(() =>
        running.delete(run),
      );
      running.add(run);
    },
    get inFlight(): number {
      return running.size;
    },
    /** Lets runs finish for up to `graceMs`, then aborts them and waits up to `abortWaitMs` for their reports. */
    async drain(graceMs: number, abortWaitMs: number): Promise<void> {
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
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
