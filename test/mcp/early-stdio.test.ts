import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer } from '../../src/mcp/server.ts';
import type { ApprovalService } from '../../src/approvals/service.ts';

const BUILT = new URL('../../dist/main.js', import.meta.url).pathname;
const clientInfo = { name: 'handshake-test', version: '1.0.0' };
const HANDSHAKE: JSONRPCMessage[] = [
  {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo },
  },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
  { jsonrpc: '2.0', id: 3, method: 'ping' },
  // An unknown protocol version: the server offers its latest.
  {
    jsonrpc: '2.0',
    id: 4,
    method: 'initialize',
    params: { protocolVersion: '1999-01-01', capabilities: {}, clientInfo },
  },
];

/** The answers of kubegate's MCP server itself (the SDK), in process. */
async function answersOfTheSdk(): Promise<Map<unknown, unknown>> {
  const server = createMcpServer({
    requester: { principal: 'mcp:test' },
    get service(): ApprovalService {
      throw new Error('no tool is called here');
    },
  });
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const answers = new Map<unknown, unknown>();
  const all = Promise.withResolvers<undefined>();
  client.onmessage = (m) => {
    if ('id' in m) answers.set(m.id, JSON.parse(JSON.stringify(m))); // as it would travel over stdio
    if (answers.size === 4) all.resolve(undefined);
  };
  await server.connect(serverSide);
  await client.start();
  // The SDK answers a second initialize as it answers the first (it keeps no initialized state).
  for (const message of HANDSHAKE) await client.send(message);
  await all.promise;
  await server.close();
  return answers;
}

describe(
  "the bundle's early MCP handshake",
  { skip: existsSync(BUILT) ? false : 'dist/main.js is missing: run npm run build (npm test does)' },
  () => {
    test('answers initialize, tools/list and ping exactly as the MCP server does', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kubegate-handshake-'));
      const child = spawn(process.execPath, [BUILT], {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          STORE_URL: 'memory://',
          APPROVAL_PORT: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      const answers = new Map<unknown, unknown>();
      const lines = createInterface({ input: child.stdout });
      const all = Promise.withResolvers<undefined>();
      lines.on('line', (line) => {
        const m = JSON.parse(line) as { id?: unknown };
        answers.set(m.id, m);
        if (answers.size === 4) all.resolve(undefined);
      });
      for (const message of HANDSHAKE) child.stdin.write(`${JSON.stringify(message)}\n`);
      await all.promise;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
      assert.deepEqual(answers, await answersOfTheSdk());
    });
  },
);
