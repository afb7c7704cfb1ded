/**
 * Runs `task` with a signal that aborts after `ms` (or when `parent` aborts), and releases the timer and the
 * parent listener as soon as the task settles. AbortSignal.timeout would keep each request's signal, and what
 * hangs off it, alive for the whole timeout: thousands of proposals a minute would pile up in memory.
 */
export async function withDeadline<T>(
  ms: number,
  task: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`no answer within ${ms}ms`, 'TimeoutError'));
  }, ms);
  const onParentAbort = (): void => {
    controller.abort(parent?.reason);
  };
  parent?.addEventListener('abort', onParentAbort, { once: true });
  if (parent?.aborted) onParentAbort();
  try {
    return await task(controller.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
