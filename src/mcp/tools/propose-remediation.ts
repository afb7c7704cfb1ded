import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ProposalInputSchema } from '../../approvals/proposal-schema.ts';
import { ApprovalOutputShape, WAIT_SECONDS, approvalResult, type McpDeps } from '../deps.ts';
import { toToolError } from '../tool-result.ts';
import { waitForSettled } from '../wait.ts';

export const name = 'propose_remediation';

export const config = {
  title: 'Propose a remediation',
  description:
    'Propose kubectl commands for human approval. kubegate checks each command against the cluster, shows approvers a preview, and runs the commands only once approved. Returns the approval (id, state, risk and preview per command, expiry). With wait_seconds, waits for the decision and the execution results.',
  inputSchema: ProposalInputSchema.extend({ wait_seconds: WAIT_SECONDS }).shape,
  outputSchema: ApprovalOutputShape,
  annotations: {
    title: 'Propose a remediation',
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
};

export function registerProposeRemediationTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(name, config, async (args, extra) => {
    const { wait_seconds: waitSeconds, ...input } = args;
    const proposed = await deps.service.propose(input, deps.requester, 'mcp');
    if (!proposed.ok) return toToolError(proposed.error);
    const { approval, created } = proposed.value;
    const lead = created ? undefined : 'A proposal with this idempotency_key exists already; this is it.';
    if (!waitSeconds) return approvalResult(deps, approval, null, lead);
    const waited = await waitForSettled(deps.service, approval.id, waitSeconds, extra);
    return approvalResult(deps, waited?.approval ?? approval, waited?.advice ?? null, lead);
  });
}
