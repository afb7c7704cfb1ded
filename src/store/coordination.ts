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
  const held = new Map<string, number>();
  return {
    strandedAfterMs: 0,
    leases: {
      hold: (id, token) => {
        if (held.has(id)) return Promise.resolve(undefined);
        held.set(id, token);
        const lost = new AbortController();
        return Promise.resolve({
          token,
          lost: lost.signal,
          release: () => {
            if (held.get(id) === token) held.delete(id);
            return Promise.resolve();
          },
        });
      },
      isHeld: (id) => Promise.resolve(held.has(id)),
    },
    // The only process on its store always holds every claim.
    claim: () => Promise.resolve(true),
  };
}

// Renewal and release act only while the key still holds this owner's value: a holder that stalled past the TTL
// (GC pause, SIGSTOP, a partition) finds it gone or another's, and can neither extend nor delete a lease it lost.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Several replicas: a lease is a Redis key holding `<replica>:<fencing token>` with a TTL its owner renews; a claim
 * is SET NX. The lease says a run is alive; the run's writes are compare-and-sets from the token's version, so a
 * stale owner is fenced by the store whatever the lease says.
 */
export function redisCoordination(redis: RedisConnection, prefix: string): Coordination {
  const replica = randomUUID();
  const leaseKey = (id: string): string => `${prefix}:lease:${id}`;
  return {
    strandedAfterMs: 30_000,
    leases: {
      async hold(id, token) {
        const key = leaseKey(id);
        const owner = `${replica}:${token}`;
        const taken =
          (await redis.set(key, owner, { NX: true, PX: LEASE_TTL_MS })) === 'OK' ||
          (await redis.get(key)) === owner;
        if (!taken) return undefined;
        const lost = new AbortController();
        const renew = setInterval(() => {
          redis.eval(RENEW, { keys: [key], arguments: [owner, String(LEASE_TTL_MS)] }).then(
            (kept) => {
              if (kept !== 1) {
                clearInterval(renew);
                lost.abort(new Error(`the execution lease on ${id} expired and is no longer this replica's`));
              }
            },
            () => undefined, // Redis unreachable: try again at the next tick; the TTL decides if it stays away
          );
        }, RENEW_EVERY_MS);
        renew.unref();
        return {
          token,
          lost: lost.signal,
          async release() {
            clearInterval(renew);
            await redis.eval(RELEASE, { keys: [key], arguments: [owner] });
          },
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
