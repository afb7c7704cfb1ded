import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectMcpClient } from '../support/mcp-client.ts';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';

const NS = 'production';
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf'];

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'x'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
);
const badWait = fc.oneof(
  fc.constantFrom(-1, 601, 1.5, Number.MAX_SAFE_INTEGER, '10', null, true, [], {}),
  fc.integer({ max: -1 }),
  fc.integer({ min: 601 }),
);
const withKey = (target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
};
const example = (): Record<string, unknown> => structuredClone(ORIGINAL_EXAMPLE);
const firstCommand = (): Record<string, unknown> => ({ ...ORIGINAL_EXAMPLE.commands[0] });

/** propose_remediation arguments with one thing wrong that the tool's schema must refuse. */
const brokenProposal = fc.oneof(
  fc.constantFrom('action', 'commands').map((field) => {
    const args = example();
    Reflect.deleteProperty(args, field);
    return args;
  }),
  fc
    .tuple(fc.constantFrom('action', 'commands', 'idempotency_key'), wrongType)
    .map(([field, value]) => ({ ...example(), [field]: value })),
  fc
    .tuple(
      fc.constantFrom('command', 'explanation', 'safety_level'),
      fc.oneof(wrongType, fc.constantFrom('', '  ', 'DANGER', 'safe')),
    )
    .map(([field, value]) => ({ ...example(), commands: [{ ...firstCommand(), [field]: value }] })),
  fc
    .tuple(fc.constantFrom(...PROTO_KEYS, 'risk', 'preview'), fc.jsonValue({ maxDepth: 1 }))
    .map(([key, value]) => ({
      ...example(),
      commands: [withKey(firstCommand(), key, value)],
    })),
  badWait.map((wait) => ({ ...example(), wait_seconds: wait })),
  fc.constantFrom(
    { ...example(), commands: [] },
    { ...example(), commands: Array.from({ length: 21 }, firstCommand) },
    { ...example(), metadata: { namespace: 'Not_A_Label' } },
    { ...example(), metadata: [] },
    { ...example(), idempotency_key: 'ключ' },
    { ...example(), action: ' '.repeat(5) },
  ),
);
/** Commands that never run: shell syntax, identity flags, unknown verbs, targets that do not exist, garbage. */
const refusedCommand = fc.oneof(
  fc.constantFrom(
    'kubectl get pods; rm -rf /',
    'kubectl get pods | sh',
    'kubectl get pods $(id)',
    'kubectl get pods `id`',
    'kubectl get pods > /etc/passwd',
    'kubectl get pods\nkubectl delete ns production',
    'kubectl --token=abc delete pod x',
    'kubectl delete pod x --as system:admin',
    'kubectl --kubeconfig /tmp/k get pods',
    'kubectl -s https://evil get pods',
    'kubectl exec -it api -- sh',
    'kubectl apply -f x.yaml',
    'kubectl get secrets',
    'kubectl delete pod --all',
    'kubectl delete pod no-such-pod-zz',
    'kubectl scale deployment no-such-deploy-zz --replicas=3',
    'kubectl cordon no-such-node-zz',
    'kubectl rollout restart deployment/no-such-deploy-zz',
    'kubectl delete ns production',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).map((s) => `kubectl delete pod ${s} ;`),
);

describe('MCP tools on generated arguments', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  let client: Client;
  let pendingId = '';
  let settledId = '';
  let lastSnapshot: string | undefined;

  const snapshot = async (): Promise<string> => {
    const res = await kg.call('GET', '/api/approvals?limit=200');
    assert.equal(res.status, 200);
    return JSON.stringify(res.json);
  };
  /**
   * Calls a tool and checks what holds for any arguments: the call resolves (no protocol error), an error result says
   * why in text, and an error is either the SDK's input validation or kubegate's own refusal, never a stray exception.
   */
  const callTool = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const shown = `${name}(${JSON.stringify(args).slice(0, 300)})`;
    if (result.isError === true) {
      const first = result.content[0];
      assert.ok(first?.type === 'text', shown);
      const text = first.text;
      assert.ok(text.trim().length > 0, `an error result gives a reason: ${shown}`);
      const ours = result._meta?.['kubegate/error'] !== undefined;
      // The SDK validates arguments against the tool's schema before kubegate sees them; its refusal has no _meta code.
      const sdkValidation = /^(MCP error -32602: )?Input validation error: /.test(text);
      assert.ok(ours || sdkValidation, `unexpected failure for ${shown}: ${text}`);
    }
    return result;
  };
  /** An invalid call must be refused, and must leave every approval as it was. */
  const callInvalid = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const before = (lastSnapshot ??= await snapshot());
    const result = await callTool(name, args);
    assert.equal(result.isError, true, `${name}(${JSON.stringify(args).slice(0, 300)}) was accepted`);
    lastSnapshot = await snapshot();
    assert.equal(lastSnapshot, before, `${name}(${JSON.stringify(args).slice(0, 300)}) changed an approval`);
    return result;
  };

  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig });
    client = await connectMcpClient(kg);
    const propose = async (command: string): Promise<string> => {
      const res = await kg.call('POST', '/api/approvals', {
        ...example(),
        commands: [{ ...firstCommand(), command }],
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.id as string;
    };
    pendingId = await propose(`kubectl delete pod ${cluster.fixture.pod} -n ${NS}`);
    settledId = await propose(`kubectl scale deployment api-service --replicas=4 -n ${NS}`);
    assert.equal(
      (await kg.call('POST', `/api/approvals/${settledId}/reject`, { reason: 'not now' })).status,
      200,
    );
  });
  after(async () => {
    await client.close();
    await kg.close();
    await cluster.close();
  });

  test('propose_remediation refuses random and broken arguments with a reason and creates no approval', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          brokenProposal,
          fc.object({ maxDepth: 2, key: fc.oneof(fc.string(), fc.constantFrom(...PROTO_KEYS)) }),
          fc.dictionary(fc.string(), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
        ),
        async (args) => {
          await callInvalid('propose_remediation', args);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('propose_remediation refuses commands that cannot run and creates no approval', async () => {
    await fc.assert(
      fc.asyncProperty(refusedCommand, async (command) => {
        await callInvalid('propose_remediation', {
          ...example(),
          commands: [{ ...firstCommand(), command }],
        });
      }),
      { numRuns: 200 },
    );
  });

  test('execute_kubectl answers any command without a protocol error and never proposes a refused one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(refusedCommand, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })),
        fc.oneof(
          fc.constant(NS),
          fc.constant(undefined),
          fc.constantFrom('Production', '', '-x', 'a'.repeat(64), 'kube-system'),
        ),
        fc.oneof(fc.constant(undefined), fc.nat(5), badWait),
        async (command, namespace, wait) => {
          const args: Record<string, unknown> = { command };
          if (namespace !== undefined) args.namespace = namespace;
          if (wait !== undefined) args.wait_seconds = wait;
          const before = (lastSnapshot ??= await snapshot());
          const result = await callTool('execute_kubectl', args);
          const structured = result.structuredContent as { kind?: string } | undefined;
          assert.notEqual(structured?.kind, 'proposal', `${command} became a proposal`);
          lastSnapshot = await snapshot();
          assert.equal(lastSnapshot, before, `execute_kubectl ${JSON.stringify(args)} changed an approval`);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('execute_kubectl refuses arguments of the wrong shape with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          wrongType.filter((v) => typeof v !== 'string').map((command) => ({ command })),
          fc.constant({}),
          fc.constant({ command: '' }),
          fc.constant({ command: 'k'.repeat(4097) }),
          wrongType
            .filter((v) => typeof v !== 'string')
            .map((namespace) => ({ command: 'kubectl get pods', namespace })),
          badWait.map((wait) => ({ command: 'kubectl get pods', wait_seconds: wait })),
          fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'cmd', 'ns'), fc.jsonValue({ maxDepth: 1 }), {
            minKeys: 1,
            maxKeys: 3,
          }),
        ),
        async (args) => {
          await callInvalid('execute_kubectl', args);
        },
      ),
      { numRuns: 250 },
    );
  });

  test('get_pending_approvals ignores whatever arguments it is given and lists the pending ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...PROTO_KEYS)), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 4,
        }),
        async (args) => {
          const result = await callTool('get_pending_approvals', args);
          assert.notEqual(result.isError, true);
          const { approvals } = result.structuredContent as { approvals: { id: string }[] };
          assert.deepEqual(
            approvals.map((a) => a.id),
            [pendingId],
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  test('get_approval refuses unknown ids and arguments of the wrong shape without waiting', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            id: fc.oneof(
              fc.string({ unit: 'binary', maxLength: 50 }),
              fc.stringMatching(/^apr_[0-9a-z]{20,40}$/),
              fc.constantFrom('', 'apr_', '__proto__', `${pendingId} `, pendingId.toUpperCase()),
            ),
          }),
          fc.record({ id: fc.stringMatching(/^apr_[0-9a-z]{20,40}$/), wait_seconds: fc.nat(600) }),
          wrongType.filter((v) => typeof v !== 'string').map((id) => ({ id })),
          fc
            .tuple(fc.constantFrom(pendingId, settledId), badWait)
            .map(([id, wait]) => ({ id, wait_seconds: wait })),
          fc.constant({}),
        ),
        async (args) => {
          await callInvalid('get_approval', args);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('get_approval returns a real approval as it is whatever else is passed alongside', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(pendingId, settledId),
        fc.dictionary(fc.constantFrom('extra', 'state', ...PROTO_KEYS), fc.jsonValue({ maxDepth: 1 }), {
          maxKeys: 2,
        }),
        async (id, extra) => {
          const result = await callTool('get_approval', { ...extra, id });
          assert.notEqual(result.isError, true);
          const { approval } = result.structuredContent as { approval: { id: string; state: string } };
          assert.equal(approval.id, id);
          assert.equal(approval.state, id === pendingId ? 'pending' : 'rejected');
        },
      ),
      { numRuns: 100 },
    );
  });
});
