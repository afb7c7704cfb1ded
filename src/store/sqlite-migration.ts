import type { DatabaseSync } from 'node:sqlite';
import type { Approval } from '../approvals/model.ts';

// Where kubegate ≤ 0.1 kept approvals: keyv records in the `kv` table (namespace `kubegate`), JSON `{ "value": … }`.
const LEGACY_KEYS = 'kubegate::approval:%';

/**
 * Copies approvals written by the keyv-based store into the approvals table, once (when that table is still
 * empty), oldest first so history keeps its order. Records are copied as they are, MAC included: the sealed store
 * verifies them on every read, so a migration cannot launder a tampered record. The legacy rows are left in place.
 */
export function importKeyvApprovals(
  db: DatabaseSync,
  insert: (a: Approval, indexDigest: boolean) => void,
): number {
  const hasKv =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kv'").get() !== undefined;
  if (!hasKv || db.prepare('SELECT 1 FROM approvals LIMIT 1').get() !== undefined) return 0;
  const rows = db.prepare('SELECT value FROM kv WHERE key LIKE ?').all(LEGACY_KEYS) as { value: string }[];
  const legacy = rows
    .map((row) => (JSON.parse(row.value) as { value?: Approval }).value)
    .filter((a): a is Approval => a !== undefined && typeof a.id === 'string')
    .sort((a, b) =>
      a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
    );
  // The old store could, in a rare race, leave two pending approvals with one digest: only the first one joins repeats.
  const pendingDigests = new Set<string>();
  for (const approval of legacy) {
    const digest = approval.state === 'pending' ? approval.proposal.digest : undefined;
    insert(approval, digest === undefined || !pendingDigests.has(digest));
    if (digest !== undefined) pendingDigests.add(digest);
  }
  return legacy.length;
}
