/**
 * The keyv store's compare-and-set is read-check-write, which is atomic only if no other write of this process to
 * the same key interleaves; several processes add a shared lock (see redis-lock.ts).
 */
/** Runs a task while holding the lock named `key`; tasks under different keys run concurrently. */
export type KeyedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** One serial queue per key, forgotten once idle, so the map holds only keys with work in flight. */
export function createKeyedSerialQueue(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
