import type { Approval } from '../approvals/model.ts';
import type { RedisApprovalStore } from './redis-approvals.ts';
import type { RedisConnection } from './redis-kv.ts';

// Where kubegate ≤ 0.1 kept approvals on Redis: keyv records (namespace `kubegate`), JSON `{ "value": … }` strings.
const LEGACY_KEYS = 'kubegate::approval:*';
const SCAN_COUNT = 500;

/**
 * Copies approvals written by the keyv-based store into the Redis approval store, when that store is still empty,
 * oldest first so history keeps its order; the same as sqlite-migration.ts does for a SQLite file. Records are
 * copied as they are, MAC included: the sealed store verifies them on every read, so a migration cannot launder a
 * tampered record. The legacy keys are left in place. Returns how many were imported.
 */
export async function importKeyvApprovalsIntoRedis(
  redis: RedisConnection,
  store: RedisApprovalStore,
): Promise<number> {
  if (!(await store.isEmpty())) return 0;
  const keys: string[] = [];
  for await (const page of redis.scanIterator({ MATCH: LEGACY_KEYS, COUNT: SCAN_COUNT })) keys.push(...page);
  if (keys.length === 0) return 0;
  const legacy: Approval[] = [];
  for (let i = 0; i < keys.length; i += SCAN_COUNT) {
    const values = await redis.mGet(keys.slice(i, i + SCAN_COUNT));
    for (const text of values) {
      const approval = text == null ? undefined : (JSON.parse(text) as { value?: Approval }).value;
      if (approval !== undefined && typeof approval.id === 'string') legacy.push(approval);
    }
  }
  legacy.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
  );
  let imported = 0;
  for (const approval of legacy) if (await store.importRecord(approval)) imported++;
  return imported;
}
