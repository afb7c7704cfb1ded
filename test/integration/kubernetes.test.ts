import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';

const NS = 'production';
const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const BOB = { authorization: 'Bearer bob-token-0123456789' };
const AGENT = { authorization: 'Bearer agent-token-0123456789' };
const TOKENS = 'alice:alice-token-0123456789,bob:bob-token-0123456789,agent:agent-token-0123456789';

// The original README example, aimed at the fixture's crash-looping pod.
const CRASHED_POD = 'api-service-7b4f9d-x2k4q';
const EXAMPLE = {
  ...ORIGINAL_EXAMPLE,
  commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: `kubectl delete pod ${CRASHED_POD} -n production` }],
};

const proposal = (command: string, safety_level = 'CAUTION') => ({
  action: `run ${command}`,
  commands: [{ command, explanation: 'remediation', safety_level }],
  metadata: { severity: 'HIGH', service: 'api-service', namespace: NS },
});

describe('kubegate against the Kubernetes API-server double', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: TOKENS,
      APPROVERS: 'api:alice,api:bob',
    });
  });
  after(async () => {
    await kg.close();
    await cluster.close();
  });

  async function proposeAndApprove(
    body: unknown,
    approvers = [ALICE],
    beforeApproval = (): void => undefined,
  ): Promise<any> {
    const created = await kg.call('POST', '/api/approvals', body, AGENT);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    beforeApproval();
    for (const who of approvers) {
      const decided = await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, who);
      assert.equal(decided.status, 200, JSON.stringify(decided.json));
    }
    await Promise.race([kg.until(created.json.id, 'succeeded'), kg.until(created.json.id, 'failed')]);
    return (await kg.call('GET', `/api/approvals/${created.json.id}`, undefined, AGENT)).json;
  }

  test('runs the original example end to end: preview, one DELETE, succeeded with output', async () => {
    const created = await kg.call('POST', '/api/approvals', EXAMPLE, AGENT);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const [command] = created.json.commands;
    assert.equal(command.risk, 'change');
    assert.equal(
      command.preview,
      `pod ${CRASHED_POD} (Running, 7 restarts, OOMKilled) will be deleted; ReplicaSet api-service-7b4f9d will replace it`,
    );
    assert.match(created.json.digest, /^sha256:[0-9a-f]{64}$/);
    assert.ok(cluster.double.get('pods', NS, CRASHED_POD), 'the dry run at proposal time deleted nothing');
    assert.equal(cluster.sent('DELETE'), 0);

    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    const done = await kg.until(created.json.id, 'succeeded');
    assert.equal(done.state, 'succeeded');
    assert.equal(cluster.sent('DELETE', `/pods/${CRASHED_POD}`), 1);
    assert.equal(cluster.double.get('pods', NS, CRASHED_POD), undefined);
    const wire = (await kg.call('GET', `/api/approvals/${created.json.id}`, undefined, AGENT)).json;
    assert.equal(wire.results[0].output, `pod "${CRASHED_POD}" deleted`);
  });

  test('refuses a proposal whose target does not exist with 422 naming the command', async () => {
    const res = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl delete pod ghost-pod -n ${NS}`),
      AGENT,
    );
    assert.equal(res.status, 422);
    assert.equal(res.json.command, `kubectl delete pod ghost-pod -n ${NS}`);
    assert.match(res.json.detail, /pod ghost-pod does not exist in namespace production/);
  });

  test('refuses shell syntax and unsupported verbs with 400 before touching the cluster', async () => {
    const before = cluster.double.requests.length;
    const shell = await kg.call('POST', '/api/approvals', proposal('kubectl get pods; rm -rf /'), AGENT);
    assert.equal(shell.status, 400);
    assert.match(shell.json.detail, /;/);
    const exec = await kg.call(
      'POST',
      '/api/approvals',
      proposal('kubectl exec -it api-service-7b4f9d -- sh'),
      AGENT,
    );
    assert.equal(exec.status, 400);
    assert.match(exec.json.detail, /supported/);
    assert.equal(cluster.double.requests.length, before);
  });

  test('scales a deployment through the subresource after showing 3 → 5', async () => {
    const created = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl scale deployment api-service --replicas=5 -n ${NS}`),
      AGENT,
    );
    assert.equal(created.json.commands[0].preview, 'deployment api-service replicas 3 → 5');
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    await kg.until(created.json.id, 'succeeded');
    assert.equal((cluster.double.get('deployments', NS, 'api-service') as any).spec.replicas, 5);
  });

  test('fails with "target changed since approval" when the replica count moved after the proposal', async () => {
    const created = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl scale deployment api-service --replicas=7 -n ${NS}`),
      AGENT,
    );
    assert.equal(created.status, 201);
    const base = cluster.double.url;
    const moved = await fetch(`${base}/apis/apps/v1/namespaces/${NS}/deployments/api-service/scale`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: 2 } }),
    });
    assert.equal(moved.status, 200);
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    const failed = await kg.until(created.json.id, 'failed');
    assert.equal(failed.state, 'failed');
    const wire = (await kg.call('GET', `/api/approvals/${created.json.id}`, undefined, AGENT)).json;
    assert.match(
      wire.results[0].error,
      /^target changed since approval: deployment api-service now has 2 replicas/,
    );
    assert.equal((cluster.double.get('deployments', NS, 'api-service') as any).spec.replicas, 2);
  });

  test('restarts a deployment as kubectl does, and rolls it back to a chosen revision', async () => {
    const restarted = await proposeAndApprove(
      proposal(`kubectl rollout restart deployment/api-service -n ${NS}`),
    );
    assert.equal(restarted.state, 'succeeded', JSON.stringify(restarted.results));
    const deployment = cluster.double.get('deployments', NS, 'api-service') as any;
    assert.ok(deployment.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
    assert.equal(deployment.metadata.annotations['deployment.kubernetes.io/revision'], '5');

    const created = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl rollout undo deployment/api-service --to-revision=3 -n ${NS}`),
      AGENT,
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(
      created.json.commands[0].preview,
      /^rollout undo: revision 5 → 3, image api:1\.4\.2 → api:1\.4\.1 \(template sha256:[0-9a-f]{12}…\)$/,
    );
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    await kg.until(created.json.id, 'succeeded');
    const rolledBack = cluster.double.get('deployments', NS, 'api-service') as any;
    assert.equal(rolledBack.spec.template.spec.containers[0].image, 'api:1.4.1');
    assert.equal(rolledBack.spec.template.metadata.labels['pod-template-hash'], undefined);
  });

  test('cordons a node only after two approvers (dangerous)', async () => {
    const created = await kg.call('POST', '/api/approvals', proposal('kubectl cordon node-1'), AGENT);
    assert.equal(created.json.commands[0].risk, 'dangerous');
    assert.match(
      created.json.commands[0].preview,
      /node node-1 \(Ready, \d+ pods\) will stop accepting new pods/,
    );
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    assert.equal(
      (cluster.double.get('nodes', undefined, 'node-1') as any).spec?.unschedulable ?? false,
      false,
    );
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, BOB);
    await kg.until(created.json.id, 'succeeded');
    assert.equal((cluster.double.get('nodes', undefined, 'node-1') as any).spec.unschedulable, true);
  });

  test('deletes exactly the pods a selector matched when proposed', async () => {
    const created = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl delete pods -l app=api-service -n ${NS}`),
      AGENT,
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal(created.json.commands[0].risk, 'dangerous');
    const matched = cluster.double
      .list('pods', NS)
      .filter((p: any) => p.metadata.labels?.app === 'api-service').length;
    assert.match(
      created.json.commands[0].preview,
      new RegExp(`^${matched} pods matching app=api-service will be deleted`),
    );
    const deletesBefore = cluster.sent('DELETE');
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, BOB);
    await kg.until(created.json.id, 'succeeded');
    assert.equal(
      cluster.sent('DELETE') - deletesBefore,
      matched,
      'one DELETE per matched pod, none for replacements',
    );
  });

  test('reports a Kubernetes 500 as failed with the API message, and a later approval works', async () => {
    const body = proposal(`kubectl rollout restart deployment/api-service -n ${NS}`);
    const created = await kg.call('POST', '/api/approvals', body, AGENT);
    cluster.double.inject({ method: 'PATCH', status: 500, times: 1 });
    await kg.call('POST', `/api/approvals/${created.json.id}/approve`, undefined, ALICE);
    await kg.until(created.json.id, 'failed');
    const failed = (await kg.call('GET', `/api/approvals/${created.json.id}`, undefined, AGENT)).json;
    assert.equal(failed.results[0].status, 'failed');
    assert.ok(failed.results[0].error.length > 0);
    assert.doesNotMatch(failed.results[0].error, /HTTP-Code|Headers/i, 'never the raw ApiException text');
    cluster.double.clearFaults();
    const retried = await proposeAndApprove(body);
    assert.equal(retried.state, 'succeeded');
  });

  test('reports a dropped connection as a failure, never as success', async () => {
    const dropped = await proposeAndApprove(
      proposal(`kubectl rollout restart deployment/api-service -n ${NS}`),
      [ALICE],
      () => {
        cluster.double.inject({ method: 'PATCH', drop: true, times: 1 });
      },
    );
    assert.equal(dropped.state, 'failed');
    assert.match(dropped.results[0].error, /cannot reach the Kubernetes API/);
    cluster.double.clearFaults();
  });
});

describe('execution timeouts', () => {
  test('fails a command that gets no answer within EXECUTION_TIMEOUT', async () => {
    const cluster = await startTestCluster();
    const kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig, EXECUTION_TIMEOUT: '300ms' });
    try {
      const created = await kg.call(
        'POST',
        '/api/approvals',
        proposal(`kubectl rollout restart deployment/api-service -n ${NS}`),
      );
      cluster.double.inject({
        method: 'GET',
        pathPrefix: `/apis/apps/v1/namespaces/${NS}/deployments/api-service`,
        delayMs: 2000,
        times: 1,
      });
      await kg.call('POST', `/api/approvals/${created.json.id}/approve`);
      await kg.until(created.json.id, 'failed');
      const failed = (await kg.call('GET', `/api/approvals/${created.json.id}`)).json;
      assert.match(failed.results[0].error, /the Kubernetes API did not answer within 300ms/);
    } finally {
      await kg.close();
      await cluster.close();
    }
  });
});

describe('start-up order', () => {
  /** Whether the promise has settled by the time the event loop has gone round a few times (no timer fires). */
  async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    return settled;
  }

  // The timeout is far below the head start: only the answered request can have set the load going.
  test(
    'answers on its port before the Kubernetes stack loads, which loads once that answer has gone out',
    { timeout: 20_000 },
    async () => {
      const cluster = await startTestCluster();
      const kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig }, { kubeHeadStartMs: 600_000 });
      try {
        assert.equal(await settledSoon(kg.kubernetes), false, 'nothing asked for the cluster yet');
        assert.equal((await kg.call('GET', '/healthz')).status, 200);
        const kubernetes = await kg.kubernetes;
        assert.equal(kubernetes.configured, true);
        assert.match(kubernetes.description, new RegExp(`^${cluster.double.url} \\(context `));
      } finally {
        await kg.close();
        await cluster.close();
      }
    },
  );

  test('loads it after its head start when no request comes, and at once for a request that needs it', async () => {
    const cluster = await startTestCluster();
    const idle = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig }, { kubeHeadStartMs: 1 });
    const needing = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig }, { kubeHeadStartMs: 600_000 });
    try {
      assert.equal((await idle.kubernetes).configured, true, 'loaded with no request at all');
      // /readyz asks the API server: it does not wait for the head start, nor for its own answer to go out.
      const ready = await needing.call('GET', '/readyz');
      assert.equal(ready.json.checks.kubernetes, 'ok');
    } finally {
      await idle.close();
      await needing.close();
      await cluster.close();
    }
  });
});

describe('without a cluster', () => {
  test('starts, reports Kubernetes disabled, and refuses proposals with 503 and the reason', async () => {
    const kg = await startTestKubegate();
    try {
      const res = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
      assert.equal(res.status, 503);
      assert.match(res.json.detail, /no Kubernetes cluster is configured/);
      const ready = await kg.call('GET', '/readyz');
      assert.equal(ready.status, 200);
      assert.equal(ready.json.checks.kubernetes, 'disabled');
      const shell = await kg.call('POST', '/api/approvals', proposal('kubectl get pods; rm -rf /'));
      assert.equal(shell.status, 400, 'a command kubegate would never run is refused for what it is');
      const read = await kg.service.executeKubectl(
        'kubectl get pods | sh',
        'default',
        { principal: 'mcp:agent' },
        'mcp',
      );
      assert.ok(!read.ok);
      assert.equal(read.error.code, 'invalid_command');
      assert.deepEqual((await kg.call('GET', '/api/approvals')).json.approvals, []);
      const kubernetes = await kg.kubernetes;
      assert.equal(kubernetes.configured, false, 'the start-up report says Kubernetes is disabled');
      assert.match(kubernetes.description, /kubeconfig/i);
    } finally {
      await kg.close();
    }
  });
});

describe('reads through execute_kubectl semantics', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  const agent = { principal: 'mcp:agent' };
  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig });
  });
  after(async () => {
    await kg.close();
    await cluster.close();
  });

  const read = async (command: string, namespace = NS) => {
    const r = await kg.service.executeKubectl(command, namespace, agent, 'mcp');
    assert.ok(r.ok, JSON.stringify(r));
    if (r.value.kind !== 'read') assert.fail(`expected a read, got ${r.value.kind}`);
    return r.value.read;
  };

  test('runs get pods at once with kubectl columns and structured data', async () => {
    const { output, data } = await read('kubectl get pods');
    const [header, ...rows] = output.split('\n');
    assert.match(header ?? '', /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.ok(
      rows.some((r) => r.startsWith(`${cluster.fixture.pod} `) && /7 \(\S+ ago\)/.test(r)),
      output,
    );
    assert.ok(Array.isArray(data));
    assert.equal(
      cluster.sent('DELETE') + cluster.sent('PATCH') + cluster.sent('PUT'),
      0,
      'a read changes nothing',
    );
  });

  test('prints one object as JSON, describes it, and reads its logs', async () => {
    const json = await read(`kubectl get deployment api-service -o json`);
    assert.equal(JSON.parse(json.output).kind, 'Deployment');
    const described = await read(`kubectl describe pod ${cluster.fixture.pod}`);
    assert.match(described.output, new RegExp(`^Name:\\s+${cluster.fixture.pod}$`, 'm'));
    assert.match(described.output, /OOMKilled/);
    assert.match(described.output, /^Events:/m);
    const logs = await read(`kubectl logs ${cluster.fixture.pod} --tail=2`);
    assert.equal(logs.output.trim().split('\n').length, 2);
  });

  test('reports rollout status and history', async () => {
    assert.equal(
      (await read('kubectl rollout status deployment/api-service')).output,
      'deployment "api-service" successfully rolled out',
    );
    const history = await read('kubectl rollout history deployment/api-service');
    assert.match(history.output, /^REVISION\s+CHANGE-CAUSE$/m);
    assert.match(history.output, /^3\s+/m);
    assert.match(history.output, /^4\s+/m);
  });

  test('refuses to read secrets and names a missing object as kubectl does', async () => {
    const secret = await kg.service.executeKubectl('kubectl get secrets', NS, agent, 'mcp');
    assert.ok(!secret.ok);
    assert.equal(secret.error.code, 'invalid_command');
    const missing = await kg.service.executeKubectl('kubectl get pod nope', NS, agent, 'mcp');
    assert.ok(!missing.ok);
    assert.deepEqual(missing.error, {
      code: 'command_failed',
      command: 'kubectl get pod nope',
      reason: 'pods "nope" not found',
    });
  });

  test('turns a change into a pending proposal instead of running it', async () => {
    const r = await kg.service.executeKubectl(`kubectl delete pod ${cluster.fixture.pod}`, NS, agent, 'mcp');
    assert.ok(r.ok);
    if (r.value.kind !== 'proposal') assert.fail(`expected a proposal, got ${r.value.kind}`);
    assert.equal(r.value.approval.state, 'pending');
    assert.equal(r.value.approval.proposal.requester, 'mcp:agent');
    assert.equal(cluster.sent('DELETE'), 0);
  });

  test('uncordons a node and deletes a service, each once', async () => {
    for (const command of ['kubectl uncordon node-1', `kubectl delete service api-service -n ${NS}`]) {
      const created = await kg.service.propose(proposal(command) as any, { principal: 'api:agent' }, 'rest');
      assert.ok(created.ok, JSON.stringify(created));
      await kg.service.approve(created.value.approval.id, { principal: 'api:alice' }, 'rest');
      await kg.service.approve(created.value.approval.id, { principal: 'api:bob' }, 'rest');
      const done = await Promise.race([
        kg.until(created.value.approval.id, 'succeeded'),
        kg.until(created.value.approval.id, 'failed'),
      ]);
      assert.equal(done.state, 'succeeded', JSON.stringify(done));
    }
    assert.equal(cluster.double.get('services', NS, 'api-service'), undefined);
    assert.equal(cluster.sent('DELETE', '/services/api-service'), 1);
  });
});
