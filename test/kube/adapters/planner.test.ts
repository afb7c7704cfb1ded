import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../../src/approvals/ports.ts';
import type { ServiceError } from '../../../src/approvals/errors.ts';
import type { Result } from '../../../src/approvals/result.ts';
import { loadCluster } from '../../../src/kube/api/cluster.ts';
import { createKubePlanner } from '../../../src/kube/adapters/planner.ts';
import { startTestCluster, type TestCluster } from '../../support/cluster.ts';

const DEPLOYMENT = '/apis/apps/v1/namespaces/production/deployments/api-service';

// An HPA (or any other client) setting the replica count, as the double's interleave() lands it.
const hpaScalesTo = (replicas: number) => ({
  method: 'PATCH',
  path: DEPLOYMENT,
  contentType: 'application/merge-patch+json',
  body: { spec: { replicas } },
});

describe('the Kubernetes planner previewing a target that moves', () => {
  let cluster: TestCluster;
  beforeEach(async () => {
    cluster = await startTestCluster();
  });
  afterEach(() => cluster.close());

  function plan(command: string): Promise<Result<Plan, ServiceError>> {
    const loaded = loadCluster({ kubeconfig: cluster.kubeconfig });
    assert.ok(loaded.ok);
    const planner = createKubePlanner({ cluster: loaded.value, protectedNamespaces: [], timeoutMs: 5000 });
    return planner.plan({
      action: 'scale',
      commands: [{ command, explanation: 'load', safety_level: 'CAUTION' }],
      metadata: { namespace: 'production' },
    });
  }

  const sent = (method: string, dryRun: boolean): number =>
    cluster.double.requests.filter(
      (r) => r.method === method && r.path === DEPLOYMENT && (r.query.get('dryRun') !== null) === dryRun,
    ).length;
  const replicas = (): number =>
    (cluster.double.get('deployments', 'production', 'api-service') as any).spec.replicas;

  test('shows the latest count when the replicas moved right after the inspection read', async () => {
    assert.equal(replicas(), 3);
    cluster.double.interleave({
      after: { method: 'GET', pathPrefix: DEPLOYMENT, nth: 1 },
      write: hpaScalesTo(4),
    });
    const planned = await plan('kubectl scale deployment api-service --replicas=7');
    assert.ok(planned.ok, JSON.stringify(planned));
    const [command] = planned.value.commands;
    assert.equal(command?.preview, 'deployment api-service replicas 4 → 7');
    assert.deepEqual(command.expect, { uid: command.expect?.uid, replicas: 4 });
    // Inspection and the dry run's own read, twice; one dry run, sent only once the reads agreed.
    assert.equal(sent('GET', false), 4);
    assert.equal(sent('PATCH', true), 1);
    assert.equal(replicas(), 4, 'the preview changed nothing');
  });

  test('shows the latest count when the replicas moved between the dry run’s read and its patch (422)', async () => {
    // The second read is the dry run's own: the JSON patch then tests a count that no longer holds.
    cluster.double.interleave({
      after: { method: 'GET', pathPrefix: DEPLOYMENT, nth: 2 },
      write: hpaScalesTo(5),
    });
    const planned = await plan('kubectl scale deployment api-service --replicas=7');
    assert.ok(planned.ok, JSON.stringify(planned));
    assert.equal(planned.value.commands[0]?.preview, 'deployment api-service replicas 5 → 7');
    assert.equal(planned.value.commands[0].expect?.replicas, 5);
    const patches = cluster.double.requests.filter((r) => r.method === 'PATCH' && r.path === DEPLOYMENT);
    assert.equal(patches.length, 2, 'the refused dry run, then the one that passed');
    assert.deepEqual(
      patches.map((p) => (p.body as { op: string; path: string; value: unknown }[])[1]),
      [
        { op: 'test', path: '/spec/replicas', value: 3 },
        { op: 'test', path: '/spec/replicas', value: 5 },
      ],
    );
    // inspect, dry-run read, the re-read that tells the 422 apart; then inspect and dry-run read again.
    assert.equal(sent('GET', false), 5);
  });

  test('refuses a dry run the API server finds invalid at once, without retrying it', async () => {
    cluster.double.inject({ method: 'PATCH', pathPrefix: DEPLOYMENT, status: 422, times: 3 });
    const planned = await plan('kubectl scale deployment api-service --replicas=7');
    assert.equal(planned.ok, false);
    assert.deepEqual(planned.error, {
      code: 'preflight_failed',
      command: 'kubectl scale deployment api-service --replicas=7',
      reason: 'the server-side dry run failed: injected fault',
    });
    assert.equal(sent('PATCH', true), 1);
    // The tested values still held on a fresh read: the refusal was the request's own.
    assert.equal(sent('GET', false), 3);
  });

  test('gives up after three previews of a target that moves every time, and says so', async () => {
    for (const [nth, count] of [
      [1, 4],
      [3, 5],
      [5, 6],
    ] as const) {
      cluster.double.interleave({
        after: { method: 'GET', pathPrefix: DEPLOYMENT, nth },
        write: hpaScalesTo(count),
      });
    }
    const planned = await plan('kubectl scale deployment api-service --replicas=7');
    assert.equal(planned.ok, false);
    assert.equal(planned.error.code, 'preflight_failed');
    assert.match(
      'reason' in planned.error ? planned.error.reason : '',
      /^the target kept changing while it was previewed: deployment api-service now has 6 replicas/,
    );
    assert.equal(sent('GET', false), 6);
    assert.equal(sent('PATCH', true), 0);
  });

  test('still refuses a target that is gone, once', async () => {
    const planned = await plan('kubectl scale deployment nowhere --replicas=7');
    assert.equal(planned.ok, false);
    assert.deepEqual(planned.error, {
      code: 'preflight_failed',
      command: 'kubectl scale deployment nowhere --replicas=7',
      reason: 'deployment nowhere does not exist in namespace production',
    });
    assert.equal(cluster.double.requests.filter((r) => r.path.endsWith('/deployments/nowhere')).length, 1);
  });
});

describe('the Kubernetes planner previewing several commands', () => {
  let cluster: TestCluster;
  beforeEach(async () => {
    cluster = await startTestCluster();
  });
  afterEach(() => cluster.close());

  const planner = () => {
    const loaded = loadCluster({ kubeconfig: cluster.kubeconfig });
    assert.ok(loaded.ok);
    return createKubePlanner({ cluster: loaded.value, protectedNamespaces: [], timeoutMs: 5000 });
  };
  const proposal = (...commands: string[]) => ({
    action: 'several',
    commands: commands.map((command) => ({ command, explanation: 'x', safety_level: 'CAUTION' as const })),
    metadata: { namespace: 'production' },
  });

  test('previews every command, in the proposal order, whatever order the previews finish in', async () => {
    const planned = await planner().plan(
      proposal(
        'kubectl scale deployment api-service --replicas=5',
        'kubectl rollout restart deployment api-service',
        'kubectl get pods',
        'kubectl scale deployment api-service --replicas=2',
        'kubectl cordon node-1',
      ),
    );
    assert.ok(planned.ok, JSON.stringify(planned));
    const [scaleUp, restart, read, scaleDown, cordon] = planned.value.commands;
    assert.deepEqual(
      planned.value.commands.map((c) => c.verb),
      ['scale', 'rollout', 'get', 'scale', 'cordon'],
    );
    assert.equal(scaleUp?.preview, 'deployment api-service replicas 3 → 5');
    assert.equal(scaleDown?.preview, 'deployment api-service replicas 3 → 2');
    assert.match(restart?.preview ?? '', /api-service/);
    assert.match(cordon?.preview ?? '', /node-1/);
    assert.equal(read?.preview, undefined, 'a read has nothing to preview');
  });

  test('reports the first failing command in the proposal order, not the first to fail in time', async () => {
    // The second command's read is held back, so the third fails first in time; the answer must still name the second.
    cluster.double.inject({
      method: 'GET',
      pathPrefix: '/apis/apps/v1/namespaces/production/deployments/no-such-deployment',
      delayMs: 300,
      times: 1,
    });
    const planned = await planner().plan(
      proposal(
        'kubectl scale deployment api-service --replicas=5',
        'kubectl scale deployment no-such-deployment --replicas=2',
        'kubectl delete pod no-such-pod',
      ),
    );
    assert.ok(!planned.ok);
    assert.equal(planned.error.code, 'preflight_failed');
    assert.ok('command' in planned.error);
    assert.equal(planned.error.command, 'kubectl scale deployment no-such-deployment --replicas=2');
  });
});
