import { Keyv, KeyvBridgeAdapter } from 'keyv';
import { connectRedis, RedisKvStore } from './redis-kv.ts';
import { RedisApprovalStore } from './redis-approvals.ts';
import { importKeyvApprovalsIntoRedis } from './redis-migration.ts';
import { redisChangeFeed } from './redis-changes.ts';
import { redisCoordination } from './coordination.ts';
import type { Stores } from './open-store.ts';

/** Redis as the backend: approvals with compare-and-set in Redis, keyv records, and the replicas' change feed. */
export async function openRedisBackend(
  url: string,
  namespace: string,
): Promise<Omit<Stores, 'signingKeySource'>> {
  const redis = await connectRedis(url);
  const store = new RedisKvStore(redis);
  const keyv = (name: string): Keyv => new Keyv({ store: new KeyvBridgeAdapter(store), namespace: name });
  const changes = await redisChangeFeed(redis, `${namespace}:changes`);
  const approvals = new RedisApprovalStore(redis, namespace);
  await importKeyvApprovalsIntoRedis(redis, approvals); // once, from kubegate ≤ 0.1's keyv records
  return {
    approvals,
    keyv,
    redis,
    changes,
    coordination: redisCoordination(redis, namespace),
    close: async () => {
      await changes.close();
      await store.disconnect();
    },
  };
}
