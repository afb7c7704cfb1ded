import { Keyv, KeyvBridgeAdapter } from 'keyv';
import type { ApprovalStore, ChangeFeed } from '../approvals/ports.ts';
import type { StoreConfig } from '../config.ts';
import type { RedisConnection } from './redis-kv.ts';
import { localCoordination, type Coordination } from './coordination.ts';
import { SqliteApprovalStore } from './sqlite-approvals.ts';
import { SqliteKvStore } from './sqlite-kv.ts';
import { sealApprovals, type TamperListener } from './sealed-store.ts';
import { resolveSigningKey } from './signing-key.ts';

const NAMESPACE = 'kubegate';

/** The backend STORE_URL names: the approval store, and a keyv for kubegate's other records on the same backend. */
export type Stores = {
  readonly approvals: ApprovalStore;
  readonly keyv: (namespace: string) => Keyv;
  /** The Redis connection, when there is one. */
  readonly redis?: RedisConnection;
  readonly coordination: Coordination;
  /** How replicas hear each other's changes (Redis); a single process has nobody to hear. */
  readonly changes?: ChangeFeed;
  /** Where the key of the approvals' MAC came from, for the start-up report (never the key itself). */
  readonly signingKeySource: string;
  readonly close: () => Promise<void>;
};

export type SealingOptions = {
  /** STORE_SIGNING_KEY; without it memory and SQLite generate one (see resolveSigningKey), Redis refuses. */
  readonly signingKey?: string | undefined;
  readonly onTampered?: TamperListener;
};

/** Opens the backend with its approvals sealed: every record carries a MAC that is checked on every read. */
export async function openStores(config: StoreConfig, sealing: SealingOptions = {}): Promise<Stores> {
  const { key, source } = resolveSigningKey(config, sealing.signingKey);
  const stores = await openBackend(config);
  return {
    ...stores,
    approvals: sealApprovals(stores.approvals, key, sealing.onTampered),
    signingKeySource: source,
  };
}

async function openBackend(config: StoreConfig): Promise<Omit<Stores, 'signingKeySource'>> {
  switch (config.kind) {
    case 'memory':
      // The same tables as the embedded default, in memory: one implementation, one set of guarantees.
      return {
        approvals: new SqliteApprovalStore(':memory:'),
        keyv: (namespace) => new Keyv({ namespace }),
        coordination: localCoordination(),
        close: () => Promise.resolve(),
      };
    case 'sqlite': {
      // Approvals get tables with real indexes; keyv keeps the key-value state with TTLs (Slack message refs).
      const approvals = new SqliteApprovalStore(config.path);
      const sqlite = new SqliteKvStore(config.path);
      const keyv = (namespace: string): Keyv => new Keyv({ store: new KeyvBridgeAdapter(sqlite), namespace });
      return { approvals, keyv, coordination: localCoordination(), close: () => sqlite.disconnect() };
    }
    case 'redis':
      // @redis/client is loaded only when the store is Redis.
      return (await import('./redis-backend.ts')).openRedisBackend(config.url, NAMESPACE);
  }
}

/** The approval store alone (tests and tools). */
export async function openStore(config: StoreConfig, sealing: SealingOptions = {}): Promise<ApprovalStore> {
  const stores = await openStores(config, sealing);
  return {
    ...stores.approvals,
    close: async () => {
      await stores.approvals.close();
      await stores.close();
    },
  };
}
