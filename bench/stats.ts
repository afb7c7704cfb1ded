/** Small helpers shared by the benchmarks: percentiles and timing. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

export const ms = (n: number): string => `${n.toFixed(2)} ms`;

export function report(name: string, samples: readonly number[], goalP99?: number): string {
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const goal =
    goalP99 === undefined ? '' : `  (goal p99 ≤ ${goalP99} ms: ${p99 <= goalP99 ? 'met' : 'MISSED'})`;
  return `${name.padEnd(34)} p50 ${ms(p50).padStart(10)}  p99 ${ms(p99).padStart(10)}  n=${samples.length}${goal}`;
}

/** Runs `task` for every item with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
