import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from './deps.ts';
import { registerExecuteKubectlTool } from './tools/execute-kubectl.ts';
import { registerGetApprovalTool } from './tools/get-approval.ts';
import { registerGetPendingApprovalsTool } from './tools/get-pending-approvals.ts';
import { registerProposeRemediationTool } from './tools/propose-remediation.ts';

export const SERVER_INFO = { name: 'kubegate', version: '0.1.0' };

/** One MCP server (one per session): the four tools, all feeding the same approval service. */
export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, logging: {} },
    instructions:
      'kubegate gates Kubernetes changes behind human approval. Use execute_kubectl for reads; changes become proposals. Use propose_remediation for a multi-step fix, then get_approval with wait_seconds to learn the outcome.',
  });
  registerProposeRemediationTool(server, deps);
  registerExecuteKubectlTool(server, deps);
  registerGetPendingApprovalsTool(server, deps);
  registerGetApprovalTool(server, deps);
  return server;
}
