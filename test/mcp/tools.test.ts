import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connectMcpClient } from '../support/mcp-client.ts';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';

const NS = 'production';

describe('MCP tools through the SDK Client', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  let client: Client;
  const example = () => ({
    ...ORIGINAL_EXAMPLE,
    commands: [
      { ...ORIGINAL_EXAMPLE.commands[0], command: `kubectl delete pod ${cluster.fixture.pod} -n ${NS}` },
    ],
  });

  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig });
    client = await connectMcpClient(kg);
  });
  after(async () => {
    await client.close();
    await kg.close();
    await cluster.close();
  });

  test('lists the four pinned tools with schemas and truthful annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), [
      'execute_kubectl',
      'get_approval',
      'get_pending_approvals',
      'propose_remediation',
    ]);
    assert.equal(byName.get('execute_kubectl')?.annotations?.destructiveHint, true);
    assert.equal(byName.get('get_pending_approvals')?.annotations?.readOnlyHint, true);
    assert.equal(byName.get('get_approval')?.annotations?.readOnlyHint, true);
    const propose = byName.get('propose_remediation');
    assert.ok(propose);
    assert.deepEqual([...(propose.inputSchema.required ?? [])].sort(), ['action', 'commands']);
    assert.ok(propose.outputSchema?.properties && 'approval' in propose.outputSchema.properties);
  });

  test('proposes the original example and returns the approval with risk and preview', async () => {
    const result = await client.callTool({ name: 'propose_remediation', arguments: example() });
    assert.equal(result.isError, undefined);
    const { approval } = result.structuredContent as any;
    assert.equal(approval.state, 'pending');
    assert.equal(approval.requester, 'mcp:agent');
    assert.equal(approval.commands[0].risk, 'change');
    assert.match(
      approval.commands[0].preview,
      /will be deleted; ReplicaSet api-service-7b4f9d will replace it/,
    );
    assert.match((result.content as any)[0].text, /pending/);
  });

  test('lists pending approvals oldest first', async () => {
    const result = await client.callTool({ name: 'get_pending_approvals', arguments: {} });
    const { approvals } = result.structuredContent as any;
    assert.ok(approvals.length >= 1);
    const times = approvals.map((a: any) => a.created_at);
    assert.deepEqual(times, [...times].sort());
  });

  test('runs a read at once through execute_kubectl', async () => {
    const result = await client.callTool({
      name: 'execute_kubectl',
      arguments: { command: 'kubectl get pods', namespace: NS },
    });
    assert.equal(result.isError, undefined);
    const structured = result.structuredContent as any;
    assert.equal(structured.kind, 'read');
    assert.match(structured.output, /^NAME\s+READY\s+STATUS/);
    assert.ok(Array.isArray(structured.data));
  });

  test('turns a change into a pending proposal and says so', async () => {
    const result = await client.callTool({
      name: 'execute_kubectl',
      arguments: { command: 'kubectl scale deployment api-service --replicas=4', namespace: NS },
    });
    const structured = result.structuredContent as any;
    assert.equal(structured.kind, 'proposal');
    assert.equal(structured.approval.state, 'pending');
    assert.match((result.content as any)[0].text, /awaiting approval/);
    assert.equal((cluster.double.get('deployments', NS, 'api-service') as any).spec.replicas, 3);
  });

  test('waits for a decision made over REST and returns the final state with results', async () => {
    const created = await client.callTool({
      name: 'propose_remediation',
      arguments: { ...example(), idempotency_key: 'wait-test' },
    });
    const id = (created.structuredContent as any).approval.id;
    // Decided only once the call says it is waiting, so this tests the wait (not a read after the fact).
    let waitingNow!: () => void;
    const begun = new Promise<void>((resolve) => (waitingNow = resolve));
    const waiting = client.callTool(
      { name: 'get_approval', arguments: { id, wait_seconds: 30 } },
      undefined,
      {
        onprogress: (p) => {
          if (p.message?.startsWith('waiting for a decision') === true) waitingNow();
        },
      },
    );
    await begun;
    const approved = await kg.call('POST', `/api/approvals/${id}/approve`);
    assert.equal(approved.status, 200);
    const result = await waiting;
    const { approval, advice } = result.structuredContent as any;
    assert.equal(approval.state, 'succeeded');
    assert.equal(approval.results[0].status, 'succeeded');
    assert.equal(advice, null);
  });

  test('reports progress while it waits when the client asks for it', async () => {
    const created = await client.callTool({
      name: 'execute_kubectl',
      arguments: { command: 'kubectl rollout restart deployment/api-service', namespace: NS },
    });
    const id = (created.structuredContent as any).approval.id;
    const progress: string[] = [];
    let waitingNow!: () => void;
    const begun = new Promise<void>((resolve) => (waitingNow = resolve));
    const waiting = client.callTool(
      { name: 'get_approval', arguments: { id, wait_seconds: 120 } },
      undefined,
      {
        onprogress: (p) => {
          progress.push(p.message ?? '');
          waitingNow();
        },
        resetTimeoutOnProgress: true,
      },
    );
    await begun;
    assert.match(progress[0] ?? '', /^waiting for a decision: approval is pending/, 'the wait is announced');
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'not now' });
    const result = await waiting;
    assert.equal((result.structuredContent as any).approval.state, 'rejected');
    assert.ok(
      progress.some((m) => m.includes('rejected')),
      JSON.stringify(progress),
    );
  });

  test('returns the pending state with advice when the wait runs out', async () => {
    const created = await client.callTool({
      name: 'execute_kubectl',
      arguments: { command: 'kubectl cordon node-1', namespace: NS },
    });
    const id = (created.structuredContent as any).approval.id;
    const result = await client.callTool({ name: 'get_approval', arguments: { id, wait_seconds: 1 } });
    const { approval, advice } = result.structuredContent as any;
    assert.equal(approval.state, 'pending');
    assert.match(advice, /Call get_approval/);
  });

  const bad: [string, string, Record<string, unknown>, RegExp][] = [
    [
      'an unknown safety level',
      'propose_remediation',
      {
        ...ORIGINAL_EXAMPLE,
        commands: [{ command: 'kubectl get pods', explanation: 'x', safety_level: 'MAYBE' }],
      },
      /safety_level/,
    ],
    ['a missing action', 'propose_remediation', { commands: ORIGINAL_EXAMPLE.commands }, /action/],
    ['shell syntax', 'execute_kubectl', { command: 'kubectl get pods | sh' }, /'\|'/],
    ['an unsupported verb', 'execute_kubectl', { command: 'kubectl exec -it x -- sh' }, /supported/],
    [
      'a namespace that is not a DNS label',
      'execute_kubectl',
      { command: 'kubectl get pods', namespace: 'Prod!' },
      /namespace/,
    ],
    ['a malformed approval id', 'get_approval', { id: 'apr_nope' }, /No approval has the id apr_nope/],
    [
      'a well-formed approval id nobody has',
      'get_approval',
      { id: 'apr_01m85bcq060kbafc7h4jspxn57' },
      /No approval has the id apr_01m85bcq060kbafc7h4jspxn57/,
    ],
    [
      'a wait over 600 seconds',
      'get_approval',
      { id: 'apr_01m85bcq060kbafc7h4jspxn57', wait_seconds: 601 },
      /wait_seconds/,
    ],
  ];
  for (const [what, tool, args, reason] of bad) {
    test(`answers ${what} with isError and a specific reason`, async () => {
      const pendingBefore = (await kg.service.listPending()).length;
      const result = await client.callTool({ name: tool, arguments: args });
      assert.equal(result.isError, true);
      assert.match((result.content as any)[0].text, reason);
      assert.equal((await kg.service.listPending()).length, pendingBefore, 'nothing was created');
    });
  }
});
