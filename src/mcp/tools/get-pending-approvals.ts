import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { toWireApproval } from '../../wire/approval.ts';
import { WireApprovalSchema } from '../../wire/approval-schema.ts';
import type { McpDeps } from '../deps.ts';
import { summarise } from '../tool-result.ts';

export const name = 'get_pending_approvals';

export const config = {
  title: 'List pending approvals',
  description: 'The proposals waiting for a human decision, oldest first.',
  inputSchema: {},
  outputSchema: { approvals: z.array(WireApprovalSchema) },
  annotations: { title: 'List pending approvals', readOnlyHint: true, openWorldHint: false },
};

export function registerGetPendingApprovalsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(name, config, async () => {
    const approvals = (await deps.service.listPending()).map(toWireApproval);
    const text =
      approvals.length === 0 ? 'Nothing is waiting for approval.' : approvals.map(summarise).join('\n\n');
    return { content: [{ type: 'text', text }], structuredContent: { approvals } };
  });
}
