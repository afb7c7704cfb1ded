import { fstatSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from './server.ts';
import type { McpDeps } from './deps.ts';

/** An agent that spawns kubegate talks over a pipe; a person has a terminal; a container has /dev/null. */
export function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/**
 * Serves MCP on stdin/stdout. When stdin ends, the agent that spawned kubegate has gone: `onEnd` shuts kubegate
 * down so no orphan keeps the port.
 */
export async function serveStdio(deps: McpDeps, onEnd: () => void): Promise<() => Promise<void>> {
  const server = createMcpServer(deps);
  const transport = new StdioServerTransport();
  process.stdin.once('end', onEnd);
  process.stdin.once('close', onEnd);
  await server.connect(transport);
  return () => server.close();
}
