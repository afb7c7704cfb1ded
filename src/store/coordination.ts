import { randomUUID } from 'node:crypto';
import type { ExecutionLeases } from '../approvals/ports.ts';
import type { RedisConnection } from './redis-kv.ts';

/** What replicas agree on beyond approvals: who runs what (leases) and who does a one-off job (claims). */
export type Coordination = {
  readonly leases: ExecutionLeases;
  /**
   * True for one replica per key within `ttlMs` (e.g. which replica posts a missing Slack message); asking again,
   * the replica that holds it gets true again, so it can retry its own work.
   */
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
    // The only process on its store always holds every claim.
    claim: () => Promise.resolve(true),
  };
}

/** Several replicas: leases are Redis keys with a TTL the holder keeps renewing; a claim is SET NX. */
export function redisCoordination(redis: RedisConnection, prefix: string): Coordination {
  const replica = randomUUID();
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
    claim: async (key, ttlMs) => {
      const claimKey = `${prefix}:claim:${key}`;
      if ((await redis.set(claimKey, replica, { NX: true, PX: ttlMs })) === 'OK') return true;
      return (await redis.get(claimKey)) === replica;
    },
  };
}
