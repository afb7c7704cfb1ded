// npm run bench:core — the approval core against its goals, with the embedded SQLite store, in a real process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_NODE_OPTIONS } from './image.ts';
import { ms, percentile, pool, report, timed } from './stats.ts';
import { startTestCluster } from '../test/support/cluster.ts';

// Every proposal is checked against the cluster (target exists, server-side dry run): here the API-server double.
const cluster = await startTestCluster();
// Distinct operations (kubegate joins a repeat of a pending proposal to it); once one has run, the others find
// the replica count changed and fail their execution without touching the cluster, which is fine for timing.
let sequence = 0;
const proposal = () => {
  const replicas = (sequence++ % 1000) + 1;
  return {
    action: `Scale api-service to ${replicas}`,
    commands: [
      {
        command: `kubectl scale deployment api-service --replicas=${replicas} -n production`,
        explanation: 'bench',
        safety_level: 'CAUTION',
      },
    ],
    metadata: { severity: 'HIGH', service: 'api-service', namespace: 'production' },
  };
};

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const store = `sqlite://${join(mkdtempSync(join(tmpdir(), 'kubegate-bench-')), 'kubegate.db')}`;
const startedAt = performance.now();
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    process.env.BENCH_ENTRY ?? 'dist/main.js',
  ],
  {
    env: {
      PATH: process.env.PATH,
      STORE_URL: store,
      KUBECONFIG: cluster.kubeconfig,
      APPROVAL_PORT: String(port),
      LOG_LEVEL: 'warn',
      // As the image runs it (heap limits); BENCH_NODE_FLAGS adds or overrides flags.
      NODE_OPTIONS: IMAGE_NODE_OPTIONS,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
for (;;) {
  if (
    await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 5));
}
const readyMs = performance.now() - startedAt;

const post = async (path: string, body?: unknown): Promise<{ id: string }> => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
};

try {
  // Warm-up, then sequential latencies (one client, as an agent or a person would call it).
  for (let i = 0; i < 50; i++) await post('/api/approvals', proposal());
  const createSamples: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const [created, t] = await timed(() => post('/api/approvals', proposal()));
    createSamples.push(t);
    ids.push(created.id);
  }
  // Approving starts an execution (a DELETE on the double) in the background; the figure is the decision's latency.
  const approveSamples: number[] = [];
  for (const id of ids.slice(0, 500))
    approveSamples.push((await timed(() => post(`/api/approvals/${id}/approve`)))[1]);
  await pool(ids.slice(500), 8, async (id) => {
    await post(`/api/approvals/${id}/reject`, { reason: 'bench' });
  });

  // History of 10,000 decided approvals, then exactly 100 pending.
  const pendingNow = (
    (await (await fetch(`${base}/api/approvals/pending`)).json()) as { approvals: { id: string }[] }
  ).approvals;
  await pool(pendingNow, 8, async (a) => {
    await post(`/api/approvals/${a.id}/reject`, { reason: 'bench' });
  });
  await pool(Array.from({ length: 10_000 - 1050 }), 8, async () => {
    const { id } = await post('/api/approvals', proposal());
    await post(`/api/approvals/${id}/reject`, { reason: 'bench' });
  });
  for (let i = 0; i < 100; i++) await post('/api/approvals', proposal());
  const listSamples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const [count, t] = await timed(
      async () =>
        ((await (await fetch(`${base}/api/approvals/pending`)).json()) as { approvals: unknown[] }).approvals
          .length,
    );
    if (count !== 100) throw new Error(`expected 100 pending, got ${count}`);
    listSamples.push(t);
  }
  const rss = rssMb(child.pid ?? 0);

  console.log(
    `kubegate bench:core (built service with NODE_OPTIONS="${IMAGE_NODE_OPTIONS}" as in the image, SQLite store, API-server double for preflight, sequential client on loopback)`,
  );
  console.log(report('POST /api/approvals (create)', createSamples, 15));
  console.log(report('POST /api/approvals/{id}/approve', approveSamples));
  const listP50 = percentile(listSamples, 50);
  console.log(
    `${report('GET /api/approvals/pending', listSamples)}  (10,000 decided + 100 pending; goal p50 ≤ 10 ms: ${listP50 <= 10 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `RSS after warm-up and 10,100 approvals   ${rss.toFixed(1)} MB  (goal ≤ 120 MB: ${rss <= 120 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `process start → /readyz OK               ${ms(readyMs)}  (goal ≤ 1500 ms: ${readyMs <= 1500 ? 'met' : 'MISSED'})`,
  );
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
  await cluster.close();
}
