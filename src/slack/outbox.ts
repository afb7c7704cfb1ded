import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import type { Logger } from '../observability/log.ts';

/** Not Slack's refusal: the task cannot run yet (another replica is doing it) and is retried with backoff. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/** One Slack call to make; tasks run one at a time, in the order they were queued. */
export type OutboxTask = { readonly key: string; readonly label: string; readonly run: () => Promise<void> };

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/**
 * Slack calls in order, one at a time, retried until Slack answers: a 429 waits its Retry-After, a 5xx or a
 * network error backs off exponentially. Sequential sending also keeps under chat.postMessage's rate limit
 * of about one message per second per channel. Errors Slack will repeat (invalid_blocks, channel_not_found)
 * are logged and dropped rather than retried forever.
 */
export function createOutbox(logger: Logger, sleep: (ms: number) => Promise<void> = defaultSleep) {
  const queue: OutboxTask[] = [];
  let running: Promise<void> | undefined;
  let stopped = false;
  const idleWaiters: (() => void)[] = [];

  async function drain(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (queue.length > 0 && !stopped) {
      const task = queue[0];
      if (!task) break;
      try {
        await task.run();
        queue.shift();
        backoff = MIN_BACKOFF_MS;
      } catch (error) {
        const wait = retryDelay(error, backoff);
        if (wait === undefined) {
          logger.error({ err: error, task: task.label }, 'Slack refused a call; dropping it');
          queue.shift();
          continue;
        }
        logger.warn(
          { task: task.label, retryInMs: wait, reason: describe(error) },
          'Slack unavailable; retrying',
        );
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        await sleep(wait);
      }
    }
    running = undefined;
    for (const wake of idleWaiters.splice(0)) wake();
  }

  return {
    /** Queues a call; a `sync` task already waiting for the same key is not queued twice (it renders the latest state). */
    push(task: OutboxTask, coalesce = false): void {
      if (stopped) return;
      if (coalesce && queue.slice(1).some((t) => t.key === task.key && t.label === task.label)) return;
      queue.push(task);
      running ??= drain();
    },
    /** Resolves when nothing is queued (tests and shutdown). */
    idle(): Promise<void> {
      if (!running) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get size(): number {
      return queue.length;
    },
    stop(): void {
      stopped = true;
      for (const wake of idleWaiters.splice(0)) wake();
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

function retryDelay(error: unknown, backoff: number): number | undefined {
  if (error instanceof RetryLater) return backoff;
  const e = error as Partial<WebAPICallError> & {
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return Math.max(1, e.retryAfter ?? 1) * 1000;
    case ErrorCode.RequestError:
      return backoff;
    case ErrorCode.HTTPError:
      return (e.statusCode ?? 500) >= 500 ? backoff : undefined;
    case ErrorCode.PlatformError:
      return e.data?.error === 'ratelimited' ||
        e.data?.error === 'internal_error' ||
        e.data?.error === 'fatal_error'
        ? backoff
        : undefined;
    case undefined:
      return undefined;
  }
  return undefined;
}

function describe(error: unknown): string {
  const e = error as { code?: string; statusCode?: number; retryAfter?: number; data?: { error?: string } };
  return [
    e.code,
    e.statusCode,
    e.retryAfter === undefined ? undefined : `retry-after ${e.retryAfter}s`,
    e.data?.error,
  ]
    .filter((x) => x !== undefined)
    .join(' ');
}
