import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMcpServer } from '../../src/mcp/server.ts';
import type { TestKubegate } from './kubegate.ts';

/** The SDK's own Client, linked in memory to an MCP server on a started kubegate's service (tool semantics). */
export async function connectMcpClient(kg: TestKubegate, principal = 'mcp:agent'): Promise<Client> {
  const server = createMcpServer({ service: kg.service, requester: { principal } });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}
