import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { RedisConnection } from './redis-kv.ts';
import type { KeyedLock } from './serial.ts';

// Long enough that no store operation (a few round trips) outlives it, short enough that a crashed replica's
// lock frees itself quickly.
const LOCK_TTL_MS = 10_000;
const ACQUIRE_TIMEOUT_MS = 15_000;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A mutual exclusion across replicas (SET NX PX with a random token; released only by its holder). The approval
 * store's read-check-write runs under it, so a compare-and-set is atomic across every process on the Redis.
 */
export function createRedisLock(client: RedisConnection, prefix: string): KeyedLock {
  return async <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const key = `${prefix}:${name}`;
    const token = randomUUID();
    const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
    // Waits stay short: a write holds the lock for a few round trips, so long sleeps only add latency.
    for (let wait = 1; ; wait = Math.min(wait * 2, 4)) {
      if ((await client.set(key, token, { NX: true, PX: LOCK_TTL_MS })) === 'OK') break;
      if (Date.now() > deadline) throw new Error(`could not take the store lock ${key} within ${ACQUIRE_TIMEOUT_MS}ms`);
      await delay(wait * (0.5 + Math.random()));
    }
    try {
      return await task();
    } finally {
      await client.eval(RELEASE, { keys: [key], arguments: [token] });
    }
  };
}
