import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadCluster } from '../../../src/kube/api/cluster.ts';
import { createKubeReader } from '../../../src/kube/adapters/reader.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  seedProductionFixture,
  startKubeApiDouble,
  type KubeApiDouble,
} from '../../support/kube-api-double.ts';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';

// Every kind kubegate gets, plain, wide and across namespaces, plus the empty answers: kubegate's text must be
// exactly what the real kubectl prints against the same API server (stdout, or stderr for "No resources found").
const CASES: readonly string[] = [
  ...[
    'pods',
    'deployments',
    'replicasets',
    'statefulsets',
    'daemonsets',
    'services',
    'events',
    'configmaps',
    'jobs',
    'cronjobs',
  ].flatMap((kind) => [`get ${kind} -n production`, `get ${kind} -n production -o wide`, `get ${kind} -A`]),
  'get nodes',
  'get nodes -o wide',
  'get namespaces',
  'get pods -A -o wide',
  'get deployment api-service -n production',
  'get pods -n production -l app=api-service',
  'get pods -n empty-namespace',
  'get pods -n production -l app=nothing-matches',
];

describe(
  'get prints what the real kubectl prints',
  { skip: existsSync(KUBECTL) ? false : 'kubectl not installed' },
  () => {
    let double: KubeApiDouble;
    let kubeconfig: string;
    before(async () => {
      // A stopped clock: the server computes AGE, and the two requests must not straddle a second.
      const frozen = new Date();
      double = await startKubeApiDouble({ now: () => frozen });
      seedProductionFixture(double);
      kubeconfig = await double.writeKubeconfig(mkdtempSync(join(tmpdir(), 'kubegate-fidelity-')));
    });
    after(() => double.close());

    test('a table read gives agents its rows as records, every column, from the one Table request', async () => {
      const loaded = loadCluster({ kubeconfig });
      assert.ok(loaded.ok);
      const reader = createKubeReader({ cluster: loaded.value, timeoutMs: 10_000 });
      const before = double.requests.length;
      const read = await reader.runIfRead('kubectl get pods -n production', 'default');
      assert.ok(read.ok && read.value !== 'mutating');
      const rows = read.value.data as Record<string, unknown>[];
      const pod = rows.find((r) => r.NAME === 'api-service-7b4f9d-x2k4q');
      assert.ok(pod, JSON.stringify(rows));
      assert.deepEqual(Object.keys(pod), [
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
      ]);
      assert.equal(pod.STATUS, 'Running');
      assert.equal(pod.IP, '10.244.0.15', 'the -o wide columns are in the data of a plain get');
      const sent = double.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.query.get('includeObject'), 'None', 'no objects are fetched that nobody shows');

      const all = await reader.runIfRead('kubectl get deployments -A', 'default');
      assert.ok(all.ok && all.value !== 'mutating');
      const [first] = all.value.data as Record<string, unknown>[];
      assert.equal(first?.NAMESPACE, 'production', 'with -A each row says its namespace, as the text does');
      assert.equal(double.requests.at(-1)?.query.get('includeObject'), 'Metadata');

      const json = await reader.runIfRead('kubectl get deployments -n production -o json', 'default');
      assert.ok(json.ok && json.value !== 'mutating');
      const [object] = json.value.data as any[];
      assert.equal(object.kind, 'Deployment', '-o json gives the whole objects');
      assert.ok(Array.isArray(object.spec.template.spec.containers));
    });

    for (const command of CASES) {
      test(command, async () => {
        const loaded = loadCluster({ kubeconfig });
        assert.ok(loaded.ok);
        const reader = createKubeReader({ cluster: loaded.value, timeoutMs: 10_000 });
        const ours = await reader.runIfRead(`kubectl ${command}`, 'default');
        const theirs = await run(
          KUBECTL,
          ['--kubeconfig', kubeconfig, '--cache-dir', `${kubeconfig}.cache`, ...command.split(' ')],
          { timeout: 30_000 },
        );
        assert.ok(ours.ok && ours.value !== 'mutating', JSON.stringify(ours));
        const expected = theirs.stdout === '' ? theirs.stderr : theirs.stdout;
        // The one line kubegate adds: what it redacted from the objects that came with the table.
        const printed = ours.value.output.replace(/\n# kubegate redacted [^\n]*$/, '');
        assert.equal(printed, expected.trimEnd());
      });
    }
  },
);
