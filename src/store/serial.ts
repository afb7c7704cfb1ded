/**
 * Runs tasks one after another. The keyv store's compare-and-set is read-check-write, which is atomic only if no
 * other write of this process interleaves; several processes add a shared lock (see redis-lock.ts).
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
