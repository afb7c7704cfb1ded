// npm run bench:frozen — exactly-once when a replica stalls: two replicas on Redis; replica A starts an approved
// execution (its DELETE held by the API-server double), is frozen with SIGSTOP past its lease, replica B's sweep
// marks the run interrupted, then A is resumed (SIGCONT). Prints how many DELETEs reached Kubernetes, the final
// state, and whether A's late write was fenced off. Takes about 45 s (lease 15 s, stranded after 30 s).
import { createClient } from '@redis/client';
import { setTimeout as delay } from 'node:timers/promises';
import { startTestCluster } from '../test/support/cluster.ts';
import { startKubegateProcess } from '../test/support/processes.ts';

const REDIS = 'redis://127.0.0.1:6379/11';
const flush = createClient({ url: REDIS });
await flush.connect();
await flush.flushDb();
await flush.close();

const cluster = await startTestCluster();
const env = {
  STORE_URL: REDIS,
  STORE_SIGNING_KEY: 'frozen-bench-signing-key-of-at-least-32-bytes',
  KUBECONFIG: cluster.kubeconfig,
  APPROVERS: '*',
  LOG_LEVEL: 'warn',
  SWEEP_INTERVAL: '1s',
  EXECUTION_TIMEOUT: '5m',
};
const [a, b] = await Promise.all([startKubegateProcess(env), startKubegateProcess(env)]);
const state = async (
  url: string,
  id: string,
): Promise<{ state: string; version?: number; reason?: string }> =>
  (await (await fetch(`${url}/api/approvals/${id}`)).json()) as { state: string; reason?: string };
try {
  const created = await fetch(`${a.url}/api/approvals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      action: 'Restart the crashed pod',
      commands: [
        {
          command: `kubectl delete pod ${cluster.fixture.pod} -n production`,
          explanation: 'bench',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: 'production' },
    }),
  });
  const { id } = (await created.json()) as { id: string };
  // The DELETE reaches the API server, whose answer comes only after A has been frozen and resumed.
  cluster.double.inject({ method: 'DELETE', delayMs: 40_000 });
  await fetch(`${a.url}/api/approvals/${id}/approve`, { method: 'POST' });
  while ((await state(a.url, id)).state !== 'executing') await delay(20);
  while (cluster.sent('DELETE', `/pods/${cluster.fixture.pod}`) < 1) await delay(20);
  a.child.kill('SIGSTOP');
  const frozenAt = performance.now();
  while ((await state(b.url, id)).state === 'executing') await delay(200);
  const interruptedAfter = performance.now() - frozenAt;
  const onB = await state(b.url, id);
  a.child.kill('SIGCONT');
  const resumedAt = performance.now();
  // A finishes its run when the held DELETE answers (≤ 40 s after it was sent) and tries to write its result.
  const deadline = resumedAt + 45_000;
  let final = await state(a.url, id);
  while (
    performance.now() < deadline &&
    !/fenced|compare/.test(a.stderr.join('')) &&
    final.state === 'interrupted'
  ) {
    if (performance.now() - resumedAt > 12_000) break; // the held answer is due by now
    await delay(500);
    final = await state(a.url, id);
  }
  const deletes = cluster.sent('DELETE', `/pods/${cluster.fixture.pod}`);
  console.log(
    'kubegate bench:frozen (2 replicas on Redis; lease 15 s; recovery interrupts unleased runs older than 30 s; sweep every 1 s)',
  );
  console.log(
    `replica A frozen (SIGSTOP) while executing; replica B marked the run "${onB.state}" after ${(interruptedAfter / 1000).toFixed(1)} s`,
  );
  console.log(
    `replica A resumed (SIGCONT) and finished its run; final state seen by A: "${final.state}"${final.reason ? ` (${final.reason})` : ''}`,
  );
  console.log(
    `DELETE requests that reached Kubernetes: ${deletes} (goal: exactly 1: ${deletes === 1 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `A's late "finish" write: ${final.state === 'interrupted' ? 'refused (compare-and-set from the version it started at; the record stays interrupted)' : `WRITTEN (${final.state})`}`,
  );
} finally {
  a.child.kill('SIGCONT');
  cluster.double.clearFaults();
  await Promise.all([a.stop(), b.stop()]);
  await cluster.close();
}
