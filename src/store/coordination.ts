import type { ExecutionLeases } from '../approvals/ports.ts';
import type { RedisConnection } from './redis-kv.ts';

/** What replicas agree on beyond approvals: who runs what (leases) and who does a one-off job (claims). */
export type Coordination = {
  readonly leases: ExecutionLeases;
  /** True for exactly one caller per key within `ttlMs` (e.g. which replica posts a missing Slack message). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * How old an unleased approved/executing run must be before recovery interrupts it: 0 when this process is the
   * only one (nothing else can be running it), longer with replicas (another may have approved it a moment ago).
   */
  readonly strandedAfterMs: number;
};

const LEASE_TTL_MS = 15_000;
const RENEW_EVERY_MS = 5_000;

/** One process: leases and claims live in memory; at start-up nothing is held, so every stranded run is interrupted. */
export function localCoordination(): Coordination {
  const held = new Set<string>();
  const claims = new Map<string, number>();
  return {
    strandedAfterMs: 0,
    leases: {
      hold: (id) => {
        held.add(id);
        return Promise.resolve(() => {
          held.delete(id);
          return Promise.resolve();
        });
      },
      isHeld: (id) => Promise.resolve(held.has(id)),
    },
    claim: (key, ttlMs) => {
      const now = Date.now();
      if ((claims.get(key) ?? 0) > now) return Promise.resolve(false);
      claims.set(key, now + ttlMs);
      return Promise.resolve(true);
    },
  };
}

/** Several replicas: leases are Redis keys with a TTL the holder keeps renewing; a claim is SET NX. */
export function redisCoordination(redis: RedisConnection, prefix: string): Coordination {
  const leaseKey = (id: string): string => `${prefix}:lease:${id}`;
  return {
    strandedAfterMs: 30_000,
    leases: {
      async hold(id) {
        await redis.set(leaseKey(id), '1', { PX: LEASE_TTL_MS });
        const renew = setInterval(() => {
          redis.set(leaseKey(id), '1', { PX: LEASE_TTL_MS }).catch(() => undefined);
        }, RENEW_EVERY_MS);
        renew.unref();
        return async () => {
          clearInterval(renew);
          await redis.del(leaseKey(id));
        };
      },
      isHeld: async (id) => (await redis.exists(leaseKey(id))) === 1,
    },
    claim: async (key, ttlMs) => (await redis.set(`${prefix}:claim:${key}`, '1', { NX: true, PX: ttlMs })) === 'OK',
  };
}
