import type { Actor } from '../approvals/model.ts';
import type { ApprovalService } from '../approvals/service.ts';
import { createMcpServer } from './server.ts';
import type { EarlyStdioTransport } from './early-stdio.ts';

/**
 * Serves MCP on stdin/stdout over the transport that has been reading stdin since the launcher started it (the
 * handshake it answered and the messages it held reach this server first).
 */
export async function serveStdio(
  deps: { readonly service: ApprovalService; readonly requester: Actor },
  transport: EarlyStdioTransport,
): Promise<() => Promise<void>> {
  const server = createMcpServer(deps);
  await server.connect(transport);
  return () => server.close();
}
