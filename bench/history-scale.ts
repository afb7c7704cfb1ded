// npm run bench:history — pending list and history pages through the REST API with 100,000 approvals in history
// (HISTORY_SIZE), on the embedded SQLite store and on Redis: the approvals are written straight into the store
// (sealed with the replica's key, as kubegate writes them), then one kubegate process answers the requests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import type { Approval, PendingApproval } from '../src/approvals/model.ts';
import { newApprovalId } from '../src/approvals/ids.ts';
import type { StoreConfig } from '../src/config.ts';
import { openStores } from '../src/store/open-store.ts';
import { pendingApproval } from '../test/support/approvals.ts';
import { startKubegateProcess } from '../test/support/processes.ts';
import { percentile, pool, report, timed } from './stats.ts';

const SIZE = Number(process.env.HISTORY_SIZE ?? 100_000);
const PENDING = 100;
const SAMPLES = 500;
const KEY = 'history-bench-signing-key-of-at-least-32-bytes';
const REDIS = 'redis://127.0.0.1:6379/10';

async function seed(config: StoreConfig): Promise<number> {
  const stores = await openStores(config, { signingKey: KEY });
  const start = performance.now();
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  await pool(
    Array.from({ length: SIZE }, (_, i) => i),
    32,
    async (i) => {
      const createdAt = new Date(base + i * 1000);
      const template = pendingApproval('change', `api:agent-${i % 7}`);
      const a: PendingApproval = {
        ...template,
        id: newApprovalId(createdAt),
        createdAt: createdAt.toISOString(),
        expiresAt: new Date(createdAt.getTime() + 10 * 365 * 86_400_000).toISOString(),
      };
      await stores.approvals.create(a);
      if (i < SIZE - PENDING) {
        const settled: Approval = {
          ...a,
          version: 2,
          state: 'rejected',
          rejectedAt: createdAt.toISOString(),
          reason: 'bench',
        };
        await stores.approvals.compareAndSet(settled, 1);
      }
    },
  );
  await stores.approvals.close();
  await stores.close();
  return performance.now() - start;
}

async function measure(name: string, config: StoreConfig, url: string): Promise<void> {
  const seedMs = await seed(config);
  // The pending ones expire in ten years, so the start-up sweep leaves them pending.
  const kg = await startKubegateProcess({
    STORE_URL: url,
    STORE_SIGNING_KEY: KEY,
    KUBECONFIG: '/nonexistent',
    LOG_LEVEL: 'warn',
    SWEEP_INTERVAL: '24h',
  });
  try {
    const get = async (path: string): Promise<{ approvals: unknown[]; next_cursor?: string | null }> => {
      const res = await fetch(`${kg.url}${path}`);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { approvals: unknown[]; next_cursor?: string | null };
    };
    const pendingCount = (await get('/api/approvals/pending')).approvals.length;
    for (let i = 0; i < 20; i++) await get('/api/approvals?limit=20'); // warm-up
    const pending: number[] = [];
    const first: number[] = [];
    const deep: number[] = [];
    const filtered: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < SAMPLES; i++) {
      pending.push((await timed(() => get('/api/approvals/pending')))[1]);
      first.push((await timed(() => get('/api/approvals?limit=20')))[1]);
      // Walking on through history: page after page, each by its cursor.
      const [page, t] = await timed(() =>
        get(`/api/approvals?limit=20${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`),
      );
      deep.push(t);
      cursor = page.next_cursor ?? undefined;
      filtered.push((await timed(() => get('/api/approvals?state=pending&limit=20')))[1]);
    }
    console.log(
      `${name}: ${SIZE.toLocaleString('en')} approvals in history (${pendingCount} pending), seeded in ${(seedMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `  ${report('pending list (100 approvals)', pending)}  (goal p50 ≤ 10 ms: ${percentile(pending, 50) <= 10 ? 'met' : 'MISSED'})`,
    );
    console.log(
      `  ${report('history, first page of 20', first)}  (goal p50 ≤ 10 ms: ${percentile(first, 50) <= 10 ? 'met' : 'MISSED'})`,
    );
    console.log(`  ${report('history, pages 2…501 by cursor', deep)}`);
    console.log(`  ${report('history, state=pending page', filtered)}`);
  } finally {
    await kg.stop();
  }
}

const flush = createClient({ url: REDIS });
await flush.connect();
await flush.flushDb();
await flush.close();
const path = join(mkdtempSync(join(tmpdir(), 'kubegate-history-')), 'kubegate.db');
await measure('SQLite', { kind: 'sqlite', path }, `sqlite://${path}`);
await measure('Redis', { kind: 'redis', url: REDIS }, REDIS);
