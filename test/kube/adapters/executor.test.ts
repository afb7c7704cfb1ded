import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutingApproval } from '../../../src/approvals/ports.ts';
import { loadCluster, type Cluster } from '../../../src/kube/api/cluster.ts';
import { createKubeExecutor } from '../../../src/kube/adapters/executor.ts';
import { createKubePlanner } from '../../../src/kube/adapters/planner.ts';
import { pendingApproval } from '../../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../../support/cluster.ts';

describe('the Kubernetes executor', () => {
  let cluster: TestCluster;
  let api: Cluster;
  before(async () => {
    cluster = await startTestCluster();
    const loaded = loadCluster({ kubeconfig: cluster.kubeconfig });
    assert.ok(loaded.ok);
    api = loaded.value;
  });
  after(() => cluster.close());

  async function approved(commands: string[]): Promise<ExecutingApproval> {
    const planner = createKubePlanner({
      cluster: api,
      protectedNamespaces: ['kube-system'],
      timeoutMs: 5000,
    });
    const plan = await planner.plan({
      action: 'test',
      commands: commands.map((command) => ({ command, explanation: 'test', safety_level: 'CAUTION' })),
      metadata: { namespace: 'production' },
    });
    assert.ok(plan.ok, JSON.stringify(plan));
    const base = pendingApproval();
    const proposal = {
      ...base.proposal,
      commands: plan.value.commands,
      metadata: { namespace: 'production' },
      ...(plan.value.digest ? { digest: plan.value.digest } : {}),
    };
    return { ...base, proposal, state: 'executing', approvedAt: base.createdAt, startedAt: base.createdAt };
  }

  test('refuses to run operations whose digest differs from the approved one, and runs nothing', async () => {
    const approval = await approved([`kubectl delete pod ${cluster.fixture.pod}`]);
    const [first] = approval.proposal.commands;
    assert.ok(first);
    const tampered: ExecutingApproval = {
      ...approval,
      proposal: {
        ...approval.proposal,
        commands: [{ ...first, command: 'kubectl delete pod api-service-7b4f9d-m8p2z' }],
      },
    };
    const results = await createKubeExecutor({ cluster: api, timeoutMs: 5000 }).execute(
      tampered,
      new AbortController().signal,
    );
    assert.equal(results[0]?.status, 'failed');
    assert.match(results.at(0)?.error ?? '', /digest mismatch/);
    assert.equal(cluster.sent('DELETE'), 0);
  });

  test('stops at the first failure and marks the rest skipped', async () => {
    const approval = await approved([
      'kubectl scale deployment api-service --replicas=4',
      `kubectl delete pod ${cluster.fixture.pod}`,
      'kubectl get pods',
    ]);
    cluster.double.inject({
      method: 'PATCH',
      pathPrefix: '/apis/apps/v1/namespaces/production/deployments/api-service',
      status: 500,
      times: 1,
    });
    const results = await createKubeExecutor({ cluster: api, timeoutMs: 5000 }).execute(
      approval,
      new AbortController().signal,
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['failed', 'skipped', 'skipped'],
    );
    assert.ok(cluster.double.get('pods', 'production', cluster.fixture.pod), 'the later delete never ran');
    cluster.double.clearFaults();
  });

  test('fails a delete whose target was replaced by a new object of the same name', async () => {
    const approval = await approved([`kubectl delete pod ${cluster.fixture.pod}`]);
    const pod = cluster.double.get('pods', 'production', cluster.fixture.pod);
    assert.ok(pod);
    await fetch(`${cluster.double.url}/api/v1/namespaces/production/pods/${cluster.fixture.pod}`, {
      method: 'DELETE',
    });
    const { metadata, ...rest } = pod as { metadata: Record<string, unknown> };
    cluster.double.seed([
      { ...rest, metadata: { name: metadata.name, namespace: 'production', labels: metadata.labels } },
    ]);
    const results = await createKubeExecutor({ cluster: api, timeoutMs: 5000 }).execute(
      approval,
      new AbortController().signal,
    );
    assert.equal(results[0]?.status, 'failed');
    assert.match(results.at(0)?.error ?? '', /^target changed since approval/);
  });

  test('fails as "target changed" when the replicas move between its read and its patch', async () => {
    const path = '/apis/apps/v1/namespaces/production/deployments/api-service';
    const seen = (cluster.double.get('deployments', 'production', 'api-service') as any).spec.replicas;
    const approval = await approved(['kubectl scale deployment api-service --replicas=9']);
    // Right after the executor's own read: its JSON patch then tests a count that no longer holds (422).
    cluster.double.interleave({
      after: { method: 'GET', pathPrefix: path },
      write: {
        method: 'PATCH',
        path,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 2 } },
      },
    });
    const results = await createKubeExecutor({ cluster: api, timeoutMs: 5000 }).execute(
      approval,
      new AbortController().signal,
    );
    assert.equal(results[0]?.status, 'failed');
    assert.equal(
      results.at(0)?.error,
      `target changed since approval: deployment api-service changed as the request was sent: /spec/replicas is now 2, not ${seen}`,
    );
    assert.equal((cluster.double.get('deployments', 'production', 'api-service') as any).spec.replicas, 2);
    cluster.double.clearFaults();
  });
});
