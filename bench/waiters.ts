// npm run bench:waiters — 1,000 concurrent MCP `get_approval` callers with `wait_seconds`, spread over two replicas
// on Redis (stateless Streamable HTTP: plain POSTs, no session), each approval decided on the OTHER replica from
// the one its waiters sit on. Prints how long after each decision its waiters got their answer.
import { createClient } from '@redis/client';
import { setTimeout as delay } from 'node:timers/promises';
import { startTestCluster } from '../test/support/cluster.ts';
import { startKubegateProcess } from '../test/support/processes.ts';
import { percentile, pool, report } from './stats.ts';

const WAITERS = Number(process.env.WAITERS ?? 1000);
const PER_APPROVAL = 5;
const REDIS = 'redis://127.0.0.1:6379/12';
const flush = createClient({ url: REDIS });
await flush.connect();
await flush.flushDb();
await flush.close();

const cluster = await startTestCluster();
const env = {
  STORE_URL: REDIS,
  STORE_SIGNING_KEY: 'waiters-bench-signing-key-of-at-least-32-bytes',
  KUBECONFIG: cluster.kubeconfig,
  APPROVERS: '*',
  LOG_LEVEL: 'warn',
};
const replicas = await Promise.all([startKubegateProcess(env), startKubegateProcess(env)]);
const [a, b] = replicas;

const mcpCall = async (base: string, id: string): Promise<string> => {
  const res = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'get_approval', arguments: { id, wait_seconds: 300 } },
    }),
    signal: AbortSignal.timeout(320_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  return /"state":"(\w+)"/.exec(text)?.[1] ?? 'unknown';
};

try {
  const approvals = WAITERS / PER_APPROVAL;
  const ids: string[] = [];
  await pool(
    Array.from({ length: approvals }, (_, i) => i),
    8,
    async (i) => {
      const res = await fetch(`${a.url}/api/approvals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action: `waiters ${i}`,
          commands: [
            {
              command: `kubectl scale deployment api-service --replicas=${i + 1} -n production`,
              explanation: 'bench',
              safety_level: 'CAUTION',
            },
          ],
          metadata: { namespace: 'production' },
        }),
      });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
      ids[i] = ((await res.json()) as { id: string }).id;
    },
  );
  // Waiters of approval i sit on replica i % 2; its decision goes to the other one.
  const woke: number[][] = ids.map(() => []);
  const states = new Map<string, number>();
  const errors: string[] = [];
  const waits = ids.flatMap((id, i) =>
    Array.from({ length: PER_APPROVAL }, () =>
      mcpCall((i % 2 === 0 ? a : b).url, id).then(
        (s) => {
          woke[i]?.push(performance.now());
          states.set(s, (states.get(s) ?? 0) + 1);
        },
        (e: unknown) => errors.push(String(e)),
      ),
    ),
  );
  await delay(3000); // let every waiter's request reach its replica before the first decision (setup, not a measurement)
  const decidedSent: number[] = [];
  const decidedDone: number[] = [];
  await pool(
    ids.map((id, i) => [id, i] as const),
    16,
    async ([id, i]) => {
      decidedSent[i] = performance.now();
      const res = await fetch(`${(i % 2 === 0 ? b : a).url}/api/approvals/${id}/reject`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'bench' }),
      });
      decidedDone[i] = performance.now();
      if (res.status !== 200) errors.push(`reject ${res.status}`);
    },
  );
  await Promise.all(waits);
  const fromSent = woke.flatMap((times, i) => times.map((t) => t - (decidedSent[i] ?? 0)));
  const fromDone = woke.flatMap((times, i) => times.map((t) => t - (decidedDone[i] ?? 0)));
  const within = fromSent.filter((ms) => ms <= 1000).length;
  console.log(
    `kubegate bench:waiters (2 replicas on Redis; ${WAITERS} concurrent MCP get_approval wait_seconds callers, ${PER_APPROVAL} per approval; each decided on the other replica)`,
  );
  console.log(
    `answers ${fromSent.length}, errors ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}; states ${[...states].map(([s, n]) => `${s} ${n}`).join(', ')}`,
  );
  console.log(report('wake after decision sent', fromSent));
  console.log(report('wake after decision answered', fromDone));
  console.log(
    `max wake after decision sent ${Math.max(...fromSent).toFixed(1)} ms; within 1 s: ${within}/${fromSent.length} (goal all: ${within === WAITERS ? 'met' : 'MISSED'}); p50 ${percentile(fromSent, 50).toFixed(1)} ms`,
  );
} finally {
  await Promise.all(replicas.map((r) => r.stop()));
  await cluster.close();
}
