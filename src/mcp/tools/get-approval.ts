import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { ApprovalOutputShape, WAIT_SECONDS, approvalResult, type McpDeps } from '../deps.ts';
import { toToolError } from '../tool-result.ts';
import { waitForSettled } from '../wait.ts';

export const name = 'get_approval';

export const config = {
  title: 'Get an approval',
  description:
    'One approval by id, with its decisions and execution results. With wait_seconds, waits until it is decided and executed (or the time is up).',
  inputSchema: { id: z.string().describe('the approval id, e.g. apr_01…'), wait_seconds: WAIT_SECONDS },
  outputSchema: ApprovalOutputShape,
  annotations: { title: 'Get an approval', readOnlyHint: true, openWorldHint: false },
};

export function registerGetApprovalTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(name, config, async ({ id, wait_seconds: waitSeconds }, extra) => {
    const found = await deps.service.get(id);
    if (!found.ok) return toToolError(found.error);
    if (!waitSeconds) return approvalResult(deps, found.value, null);
    const waited = await waitForSettled(deps.service, found.value.id, waitSeconds, extra);
    return approvalResult(deps, waited?.approval ?? found.value, waited?.advice ?? null);
  });
}
