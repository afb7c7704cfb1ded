import { Keyv, KeyvBridgeAdapter } from 'keyv';
import type { ApprovalStore } from '../approvals/ports.ts';
import type { StoreConfig } from '../config.ts';
import { KeyvApprovalStore } from './keyv-store.ts';
import { connectRedis, RedisKvStore, type RedisConnection } from './redis-kv.ts';
import { createRedisLock } from './redis-lock.ts';
import { localCoordination, redisCoordination, type Coordination } from './coordination.ts';
import { SqliteKvStore } from './sqlite-kv.ts';

const NAMESPACE = 'kubegate';

/** The backend STORE_URL names: the approval store, and a keyv for kubegate's other records on the same backend. */
export type Stores = {
  readonly approvals: ApprovalStore;
  readonly keyv: (namespace: string) => Keyv;
  /** The Redis connection, when there is one. */
  readonly redis?: RedisConnection;
  readonly coordination: Coordination;
  readonly close: () => Promise<void>;
};

export async function openStores(config: StoreConfig): Promise<Stores> {
  switch (config.kind) {
    case 'memory':
      return {
        approvals: new KeyvApprovalStore(new Keyv({ namespace: NAMESPACE })),
        keyv: (namespace) => new Keyv({ namespace }),
        coordination: localCoordination(),
        close: () => Promise.resolve(),
      };
    case 'sqlite': {
      const sqlite = new SqliteKvStore(config.path);
      const keyv = (namespace: string): Keyv => new Keyv({ store: new KeyvBridgeAdapter(sqlite), namespace });
      return { approvals: new KeyvApprovalStore(keyv(NAMESPACE)), keyv, coordination: localCoordination(), close: () => sqlite.disconnect() };
    }
    case 'redis': {
      const redis = await connectRedis(config.url);
      const store = new RedisKvStore(redis);
      const keyv = (namespace: string): Keyv => new Keyv({ store: new KeyvBridgeAdapter(store), namespace });
      const approvals = new KeyvApprovalStore(keyv(NAMESPACE), createRedisLock(redis, `${NAMESPACE}:lock`));
      return { approvals, keyv, redis, coordination: redisCoordination(redis, NAMESPACE), close: () => store.disconnect() };
    }
  }
}

/** The approval store alone (tests and tools). */
export async function openStore(config: StoreConfig): Promise<ApprovalStore> {
  const stores = await openStores(config);
  return stores.approvals;
}
