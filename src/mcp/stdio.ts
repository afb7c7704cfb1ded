import { fstatSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Actor } from '../approvals/model.ts';
import type { ApprovalService } from '../approvals/service.ts';
import { createMcpServer } from './server.ts';
import { HeadStartTransport } from './head-start.ts';

/** An agent that spawns kubegate talks over a pipe; a person has a terminal; a container has /dev/null. */
export function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/** A stdio session's needs: the agent's identity now, the service once it has started (see HeadStartTransport). */
export type StdioDeps = {
  readonly requester: Actor;
  readonly service: Promise<ApprovalService>;
  /** Called when the session needs the service: the composition root starts loading it then, if not before. */
  readonly onWanted: () => void;
};

/**
 * Serves MCP on stdin/stdout. When stdin ends, the agent that spawned kubegate has gone: `onEnd` shuts kubegate
 * down so no orphan keeps the port.
 */
export async function serveStdio(deps: StdioDeps, onEnd: () => void): Promise<() => Promise<void>> {
  let service: ApprovalService | undefined;
  const ready = deps.service.then((s) => {
    service = s;
  });
  ready.catch(() => undefined); // a failed start is reported (and ends the process) by the composition root
  const server = createMcpServer({
    requester: deps.requester,
    // The transport holds every tool call until `ready` has settled, so a handler always finds the service.
    get service(): ApprovalService {
      if (service === undefined) throw new Error('kubegate has not started');
      return service;
    },
  });
  const transport = new HeadStartTransport(new StdioServerTransport(), ready, deps.onWanted);
  process.stdin.once('end', onEnd);
  process.stdin.once('close', onEnd);
  await server.connect(transport);
  return () => server.close();
}
