// npm run bench:kube — kubegate's in-process executor against spawning kubectl, on the same API-server double.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadCluster } from '../src/kube/api/cluster.ts';
import { createKubeReader } from '../src/kube/adapters/reader.ts';
import { startTestCluster } from '../test/support/cluster.ts';
import { startTestKubegate } from '../test/support/kubegate.ts';
import { ms, percentile, timed } from './stats.ts';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const cluster = await startTestCluster();

// Exactly 50 pods in production: the fixture's own, topped up with stand-alone copies.
const template = cluster.double.get('pods', 'production', cluster.fixture.pod) as
  { metadata: Record<string, unknown> } | undefined;
if (!template) throw new Error('fixture pod missing');
const { metadata: _metadata, ...rest } = template;
cluster.double.seed(
  Array.from({ length: 50 - cluster.double.list('pods', 'production').length }, (_, i) => ({
    ...rest,
    metadata: { name: `batch-worker-${i}`, namespace: 'production', labels: { app: 'batch' } },
  })),
);

const loaded = loadCluster({ kubeconfig: cluster.kubeconfig });
if (!loaded.ok) throw new Error(loaded.error);
const reader = createKubeReader({ cluster: loaded.value, timeoutMs: 10_000 });
// The table's lines; kubegate appends a `# kubegate redacted …` note when the objects carried env values.
const tableLines = (output: string): number =>
  output
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('#')).length;
const viaKubegate = async (): Promise<void> => {
  const r = await reader.runIfRead('kubectl get pods -n production', 'production');
  if (!r.ok || r.value === 'mutating' || tableLines(r.value.output) !== 51)
    throw new Error(
      `unexpected get pods result: ${r.ok && r.value !== 'mutating' ? tableLines(r.value.output) : JSON.stringify(r)}`,
    );
};
for (let i = 0; i < 20; i++) await viaKubegate();
const kubegateSamples: number[] = [];
for (let i = 0; i < 200; i++) kubegateSamples.push((await timed(viaKubegate))[1]);

const kubectlSamples: number[] = [];
if (existsSync(KUBECTL)) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  const viaKubectl = async (): Promise<void> => {
    const { stdout } = await run(KUBECTL, [
      '--kubeconfig',
      cluster.kubeconfig,
      '--cache-dir',
      cacheDir,
      'get',
      'pods',
      '-n',
      'production',
    ]);
    if (stdout.trim().split('\n').length !== 51) throw new Error('unexpected kubectl output');
  };
  await viaKubectl();
  for (let i = 0; i < 30; i++) kubectlSamples.push((await timed(viaKubectl))[1]);
}

// Time from an approval to the first Kubernetes request of its execution.
const kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig });
const toFirstRequest: number[] = [];
for (let i = 0; i < 100; i++) {
  const created = await kg.service.propose(
    {
      action: 'pin',
      commands: [
        {
          command: 'kubectl scale deployment api-service --replicas=3',
          explanation: 'bench',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: 'production' },
    },
    { principal: 'api:agent' },
    'rest',
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const seen = cluster.double.requests.length;
  const start = performance.now();
  const approving = kg.service.approve(created.value.approval.id, { principal: 'api:alice' }, 'rest');
  while (cluster.double.requests.length === seen) await new Promise((resolve) => setImmediate(resolve));
  toFirstRequest.push(performance.now() - start);
  await approving;
  await kg.until(created.value.approval.id, 'succeeded');
}
await kg.close();
await cluster.close();

const kubegateP50 = percentile(kubegateSamples, 50);
console.log('kubegate bench:kube (API-server double on loopback, 50 pods)');
console.log(
  `get pods -n production via kubegate executor   median ${ms(kubegateP50).padStart(10)}  (n=${kubegateSamples.length})`,
);
if (kubectlSamples.length > 0) {
  const kubectlP50 = percentile(kubectlSamples, 50);
  const ratio = kubegateP50 / kubectlP50;
  console.log(
    `get pods -n production via spawned kubectl     median ${ms(kubectlP50).padStart(10)}  (n=${kubectlSamples.length})`,
  );
  console.log(
    `ratio kubegate / kubectl                       ${ratio.toFixed(3)}×  (goal ≤ 0.1×: ${ratio <= 0.1 ? 'met' : 'MISSED'})`,
  );
} else {
  console.log('kubectl not installed at /usr/bin/kubectl: comparison skipped');
}
const firstP50 = percentile(toFirstRequest, 50);
console.log(
  `approval → first Kubernetes request            p50 ${ms(firstP50).padStart(10)}  p99 ${ms(percentile(toFirstRequest, 99)).padStart(10)}  (goal p50 ≤ 10 ms: ${firstP50 <= 10 ? 'met' : 'MISSED'})`,
);
