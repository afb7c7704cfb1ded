import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import type { V1ObjectReference } from '@kubernetes/client-node';
import type { ExecutingApproval } from '../../../src/approvals/ports.ts';
import { loadCluster, type Cluster } from '../../../src/kube/api/cluster.ts';
import { createEventRecorder } from '../../../src/kube/adapters/cluster-record.ts';
import { createKubeExecutor } from '../../../src/kube/adapters/executor.ts';
import { createKubePlanner } from '../../../src/kube/adapters/planner.ts';
import { pendingApproval } from '../../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../../support/cluster.ts';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const NS = 'production';
const APPROVAL = 'kubegate.io/approval';

describe("the cluster's own record of what kubegate did", () => {
  let cluster: TestCluster;
  let api: Cluster;
  const unrecorded: V1ObjectReference[] = [];
  before(async () => {
    cluster = await startTestCluster();
    const loaded = loadCluster({ kubeconfig: cluster.kubeconfig });
    assert.ok(loaded.ok);
    api = loaded.value;
  });
  after(() => cluster.close());

  /** Plans the commands as a proposal would, then approves them by alice (REST) and bob (Slack). */
  async function approved(commands: string[]): Promise<ExecutingApproval> {
    const planner = createKubePlanner({ cluster: api, protectedNamespaces: [], timeoutMs: 5000 });
    const plan = await planner.plan({
      action: 'record test',
      commands: commands.map((command) => ({ command, explanation: 'test', safety_level: 'CAUTION' })),
      metadata: { namespace: NS },
    });
    assert.ok(plan.ok, JSON.stringify(plan));
    const base = pendingApproval();
    const proposal = {
      ...base.proposal,
      commands: plan.value.commands,
      metadata: { namespace: NS },
      ...(plan.value.digest ? { digest: plan.value.digest } : {}),
    };
    const decisions = [
      {
        decision: 'approve' as const,
        by: 'api:alice',
        person: 'person:alice',
        via: 'rest' as const,
        at: base.createdAt,
      },
      {
        decision: 'approve' as const,
        by: 'slack:U0BOB',
        person: 'person:bob',
        via: 'slack' as const,
        at: base.createdAt,
      },
    ];
    return {
      ...base,
      proposal,
      decisions,
      state: 'executing',
      approvedAt: base.createdAt,
      startedAt: base.createdAt,
    };
  }

  function execute(approval: ExecutingApproval) {
    const record = createEventRecorder({
      cluster: api,
      reportingInstance: 'kubegate-7d9f-abcde',
      onError: (_error, target) => unrecorded.push(target),
    });
    return createKubeExecutor({ cluster: api, timeoutMs: 5000, record }).execute(
      approval,
      new AbortController().signal,
    );
  }

  const eventsAbout = async (name: string, namespace = NS) =>
    (await api.events.listNamespacedEvent({ namespace, fieldSelector: `regarding.name=${name}` })).items;

  test('a scale patches the deployment with the annotation in the same request, and records a Normal event', async () => {
    const approval = await approved(['kubectl scale deployment api-service --replicas=4']);
    cluster.double.requests.length = 0;
    const results = await execute(approval);
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded'],
      JSON.stringify(results),
    );
    const writes = cluster.double.requests.filter(
      (r) => r.method !== 'GET' && r.path.includes('/deployments/'),
    );
    assert.equal(writes.length, 1, 'one write changes the replicas and sets the annotation');
    const ops = writes[0]?.body as Array<{ op: string; path: string; value: unknown }>;
    assert.deepEqual(ops.find((o) => o.path === '/spec/replicas' && o.op === 'replace')?.value, 4);
    assert.ok(
      ops.some(
        (o) => o.path.startsWith('/metadata/annotations') && JSON.stringify(o.value).includes(approval.id),
      ),
    );
    const deployment = cluster.double.get('deployments', NS, 'api-service');
    assert.equal((deployment?.['spec'] as { replicas: number }).replicas, 4);
    assert.equal(deployment?.metadata.annotations?.[APPROVAL], approval.id);

    const [event] = await eventsAbout('api-service');
    assert.ok(event, 'an event was recorded on the deployment');
    assert.equal(event.reason, 'KubegateApproved');
    assert.equal(event.type, 'Normal');
    assert.equal(event.action, 'Scale');
    assert.equal(event.reportingController, 'kubegate');
    assert.equal(event.reportingInstance, 'kubegate-7d9f-abcde');
    assert.ok(event.regarding);
    assert.equal(event.regarding.kind, 'Deployment');
    assert.equal(event.regarding.uid, deployment.metadata.uid);
    assert.match(
      event.note ?? '',
      new RegExp(
        `approval ${approval.id} approved by alice, bob via rest, slack: kubectl scale deployment api-service`,
      ),
    );
    const raw = cluster.double.requests.find(
      (r) => r.method === 'POST' && r.path === `/apis/events.k8s.io/v1/namespaces/${NS}/events`,
    );
    assert.match((raw?.body as { eventTime: string }).eventTime, /\.\d{6}Z$/, 'eventTime is a MicroTime');
  });

  test('rollout restart and undo, and cordon, carry the annotation; the node event lands in default', async () => {
    const restart = await approved(['kubectl rollout restart deployment/api-service']);
    assert.deepEqual(
      (await execute(restart)).map((r) => r.status),
      ['succeeded'],
    );
    assert.equal(
      cluster.double.get('deployments', NS, 'api-service')?.metadata.annotations?.[APPROVAL],
      restart.id,
    );

    const undo = await approved(['kubectl rollout undo deployment/api-service --to-revision=3']);
    assert.deepEqual(
      (await execute(undo)).map((r) => r.status),
      ['succeeded'],
    );
    assert.equal(
      cluster.double.get('deployments', NS, 'api-service')?.metadata.annotations?.[APPROVAL],
      undo.id,
    );
    const actions = (await eventsAbout('api-service')).map((e) => e.action).sort();
    assert.deepEqual(actions, ['RolloutRestart', 'RolloutUndo', 'Scale']);

    const cordon = await approved([`kubectl cordon ${cluster.fixture.node}`]);
    assert.deepEqual(
      (await execute(cordon)).map((r) => r.status),
      ['succeeded'],
    );
    const node = cluster.double.get('nodes', undefined, cluster.fixture.node);
    assert.equal(node?.metadata.annotations?.[APPROVAL], cordon.id);
    const [nodeEvent] = await eventsAbout(cluster.fixture.node, 'default');
    assert.equal(nodeEvent?.action, 'Cordon');
    assert.ok(nodeEvent.regarding);
    assert.equal(nodeEvent.regarding.kind, 'Node');
  });

  test('a failed command records a Warning KubegateFailed event and changes nothing', async () => {
    const approval = await approved(['kubectl scale statefulset postgres --replicas=3']);
    await fetch(`${cluster.double.url}/apis/apps/v1/namespaces/${NS}/statefulsets/postgres`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: 2 } }),
    });
    const results = await execute(approval);
    assert.equal(results[0]?.status, 'failed');
    const [event] = await eventsAbout('postgres');
    assert.equal(event?.reason, 'KubegateFailed');
    assert.equal(event.type, 'Warning');
    assert.match(event.note ?? '', /failed: target changed since approval/);
    assert.equal(
      cluster.double.get('statefulsets', NS, 'postgres')?.metadata.annotations?.[APPROVAL],
      undefined,
    );
  });

  test('an event the API server refuses is reported and does not fail the command', async () => {
    const approval = await approved(['kubectl scale deployment api-service --replicas=2']);
    cluster.double.inject({ method: 'POST', pathPrefix: '/apis/events.k8s.io/', status: 403, times: 1 });
    unrecorded.length = 0;
    const results = await execute(approval);
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded'],
    );
    assert.deepEqual(
      unrecorded.map((t) => `${t.kind ?? ''}/${t.name ?? ''}`),
      ['Deployment/api-service'],
    );
    cluster.double.clearFaults();
  });

  test('a selector delete records an event on every pod it deleted', async () => {
    const approval = await approved(['kubectl delete pods -l app=api-service']);
    const names = Object.keys(approval.proposal.commands[0]?.expect ?? {})
      .filter((k) => k.startsWith('uid:'))
      .map((k) => k.slice(4));
    assert.ok(names.length > 1);
    assert.deepEqual(
      (await execute(approval)).map((r) => r.status),
      ['succeeded'],
    );
    for (const name of names) assert.equal((await eventsAbout(name))[0]?.action, 'Delete', name);
  });

  test(
    'real kubectl shows who approved what',
    { skip: existsSync(KUBECTL) ? false : 'kubectl not installed' },
    async () => {
      const kubectl = async (...args: string[]) =>
        (
          await run(
            KUBECTL,
            ['--kubeconfig', cluster.kubeconfig, '--cache-dir', `${cluster.kubeconfig}.cache`, ...args],
            { timeout: 30_000 },
          )
        ).stdout;
      const events = await kubectl('get', 'events', '-n', NS);
      assert.match(events, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
      assert.match(
        events,
        /Normal\s+KubegateApproved\s+deployment\/api-service\s+approval \S+ approved by alice, bob via rest, slack/,
      );
      assert.match(events, /Warning\s+KubegateFailed\s+statefulset\/postgres/);
      const described = await kubectl('describe', 'deployment', 'api-service', '-n', NS);
      assert.match(described, /kubegate\.io\/approval: \S+/);
      assert.match(
        described,
        /Normal\s+KubegateApproved\s+\S+\s+kubegate\s+approval \S+ approved by alice, bob/,
      );
      assert.match(
        await kubectl('describe', 'node', cluster.fixture.node),
        /KubegateApproved.*approval \S+ approved by alice, bob via rest, slack: kubectl cordon/,
      );
    },
  );
});
