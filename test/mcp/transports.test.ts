import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';
import { TeeStdioTransport } from '../support/stdio-tee-transport.ts';

const BUILT = new URL('../../dist/main.js', import.meta.url).pathname;
const example = (pod: string) => ({
  ...ORIGINAL_EXAMPLE,
  commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: `kubectl delete pod ${pod} -n production` }],
});

describe(
  'MCP over stdio (the built server, spawned as an agent would)',
  { skip: existsSync(BUILT) ? false : 'dist/main.js is missing: run npm run build (npm test does)' },
  () => {
    let cluster: TestCluster;
    before(async () => {
      cluster = await startTestCluster();
    });
    after(() => cluster.close());

    test('runs a whole session with nothing but JSON-RPC on stdout, and exits when stdin closes', async (t) => {
      const child = spawn(process.execPath, [BUILT], {
        env: {
          PATH: process.env.PATH,
          KUBECONFIG: cluster.kubeconfig,
          STORE_URL: 'memory://',
          APPROVAL_PORT: '0',
          MCP_REQUESTER: 'mcp:remediation-agent',
          LOG_LEVEL: 'debug',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      // A failed assertion must not leave the server running (and the test runner waiting on it).
      t.after(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      const stderr: string[] = [];
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      const transport = new TeeStdioTransport(child);
      const errors: Error[] = [];
      transport.onerror = (e) => errors.push(e);
      const client = new Client({ name: 'stdio-agent', version: '1.0.0' });
      await client.connect(transport);

      const { tools } = await client.listTools();
      assert.equal(tools.length, 4);
      const proposed = await client.callTool({
        name: 'propose_remediation',
        arguments: example(cluster.fixture.pod),
      });
      assert.equal((proposed.structuredContent as any).approval.requester, 'mcp:remediation-agent');
      const read = await client.callTool({
        name: 'execute_kubectl',
        arguments: { command: 'kubectl get pods', namespace: 'production' },
      });
      assert.equal((read.structuredContent as any).kind, 'read');
      // `-o yaml` prints through yaml, which the bundle requires from dist/yaml.cjs at its first use.
      const yaml = await client.callTool({
        name: 'execute_kubectl',
        arguments: { command: `kubectl get pod ${cluster.fixture.pod} -o yaml`, namespace: 'production' },
      });
      assert.equal(yaml.isError, undefined, JSON.stringify(yaml.content));
      assert.match((yaml.content as { text: string }[])[0]?.text ?? '', /^apiVersion: v1$/m);
      const bad = await client.callTool({
        name: 'execute_kubectl',
        arguments: { command: 'kubectl get pods; id' },
      });
      assert.equal(bad.isError, true);

      const exited = once(child, 'exit');
      child.stdin.end();
      const [code] = await exited;
      assert.equal(code, 0, 'kubegate shut down cleanly when the agent closed stdin');
      assert.deepEqual(errors, []);
      assert.ok(transport.lines.length >= 4);
      for (const line of transport.lines)
        assert.equal(JSONRPCMessageSchema.safeParse(JSON.parse(line)).success, true, line);
      assert.match(stderr.join(''), /MCP on stdio/, 'logs went to stderr');
      assert.ok(logMessages(stderr).includes('stopped'), 'the shutdown path ran to its end');
    });

    test('SIGTERM with stdin still open and a call waiting: MCP closes, kubegate stops and exits 0', async () => {
      const child = spawn(process.execPath, [BUILT], {
        env: {
          PATH: process.env.PATH,
          KUBECONFIG: cluster.kubeconfig,
          STORE_URL: 'memory://',
          APPROVAL_PORT: '0',
          LOG_LEVEL: 'info',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stderr: string[] = [];
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      const exited = once(child, 'exit');
      try {
        const transport = new TeeStdioTransport(child);
        const client = new Client({ name: 'stdio-agent', version: '1.0.0' });
        await client.connect(transport);
        const proposed = await client.callTool({
          name: 'propose_remediation',
          arguments: example(cluster.fixture.pod),
        });
        assert.notEqual(proposed.isError, true, JSON.stringify(proposed.content));
        const id = (proposed.structuredContent as any).approval.id as string;
        const waiting = client.callTool({ name: 'get_approval', arguments: { id, wait_seconds: 600 } });
        // Requests are handled in order: once the ping is answered, the waiting call is in the server's hands.
        await client.ping();

        child.kill('SIGTERM');
        const [code] = await exited;
        assert.equal(code, 0, 'kubegate shut down cleanly');
        await assert.rejects(waiting, 'the waiting call is cut off, not answered during shutdown');
        assert.ok(logMessages(stderr).includes('stopped'), 'the shutdown path ran to its end');
        for (const line of transport.lines)
          assert.equal(JSONRPCMessageSchema.safeParse(JSON.parse(line)).success, true, line);
      } finally {
        // A failed assertion must not leave kubegate running (its pipes would keep the test process alive).
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  },
);

/** The `msg` of every JSON log line kubegate wrote to stderr. */
function logMessages(stderr: readonly string[]): string[] {
  return stderr
    .join('')
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === 'object' && parsed !== null && 'msg' in parsed ? [String(parsed.msg)] : [];
      } catch {
        return [];
      }
    });
}

describe('MCP over Streamable HTTP at /mcp', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  const token = 'agent-token-0123456789';
  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: `agent:${token},alice:alice-token-0123456789`,
      APPROVERS: '*',
    });
  });
  after(async () => {
    await kg.close();
    await cluster.close();
  });

  const open = async (bearer: string) => {
    const client = new Client({ name: 'http-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${kg.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${bearer}` } },
    });
    await client.connect(transport);
    return { client, transport };
  };
  const connect = async (bearer: string): Promise<Client> => (await open(bearer)).client;

  test('serves the tools with the token identity as requester, and waits for a REST decision', async () => {
    const client = await connect(token);
    const { tools } = await client.listTools();
    assert.equal(tools.length, 4);
    const proposed = await client.callTool({
      name: 'propose_remediation',
      arguments: example(cluster.fixture.pod),
    });
    const { approval } = proposed.structuredContent as any;
    assert.equal(approval.requester, 'api:agent');
    // No pause before deciding: a wait that starts after the decision reads the current state first.
    const waiting = client.callTool({
      name: 'get_approval',
      arguments: { id: approval.id, wait_seconds: 30 },
    });
    await kg.call('POST', `/api/approvals/${approval.id}/approve`, undefined, {
      authorization: 'Bearer alice-token-0123456789',
    });
    const done = await waiting;
    assert.equal((done.structuredContent as any).approval.state, 'succeeded');
    await client.close();
  });

  test('refuses a missing token with 401 and a spoofed Host header with 403', async () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const anonymous = await fetch(`${kg.url}/mcp`, { method: 'POST', headers, body: JSON.stringify(init) });
    assert.equal(anonymous.status, 401);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${kg.url}/mcp`,
        {
          method: 'POST',
          headers: { ...headers, host: 'evil.example.com', authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(init));
    });
    assert.equal(status, 403);
  });

  test("keeps no session: no session id is issued, and every request is its own token's", async () => {
    const { client, transport } = await open(token);
    assert.equal(transport.sessionId, undefined, 'stateless: any replica can take the next request');
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const scale = {
      ...ORIGINAL_EXAMPLE,
      commands: [
        {
          command: 'kubectl scale deployment api-service --replicas=3 -n production',
          explanation: 'load',
          safety_level: 'CAUTION',
        },
      ],
    };
    // A request without initialize works on its own, as the identity of its own token.
    const res = await fetch(`${kg.url}/mcp`, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer alice-token-0123456789' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'propose_remediation', arguments: scale },
      }),
    });
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.match(body, /"requester":"api:alice"/);
    const get = await fetch(`${kg.url}/mcp`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    });
    assert.equal(get.status, 405, 'no standalone stream to open or resume without sessions');
    await client.close();
  });
});
