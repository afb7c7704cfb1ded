import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { DNS1123_LABEL, MAX_COMMAND_LENGTH } from '../../approvals/proposal-schema.ts';
import { ApprovalOutputShape, WAIT_SECONDS, approvalResult, type McpDeps } from '../deps.ts';
import { toToolError } from '../tool-result.ts';
import { waitForSettled } from '../wait.ts';

export const name = 'execute_kubectl';

const { approval, ...approvalFields } = ApprovalOutputShape;

export const config = {
  title: 'Run a kubectl command (reads at once, changes after approval)',
  description:
    'Run one kubectl-style command through the Kubernetes API (never a shell). Reads (get, describe, logs, rollout status/history) run at once and return kubectl-like output plus structured data: the rows of a table as records (every column the API server printed), the whole objects for -o json or -o yaml. Anything that changes the cluster becomes a proposal that waits for human approval; the result says so and gives its id.',
  inputSchema: {
    command: z.string().min(1).max(MAX_COMMAND_LENGTH).describe('e.g. "kubectl get pods -n production"'),
    namespace: z
      .string()
      .regex(DNS1123_LABEL, 'namespace must be a DNS-1123 label')
      .max(63)
      .default('default')
      .describe('used when the command has no -n'),
    wait_seconds: WAIT_SECONDS,
  },
  outputSchema: {
    kind: z.enum(['read', 'proposal']),
    output: z.string().nullable().describe('kubectl-like output of a read'),
    data: z
      .unknown()
      .describe(
        "a read's structured answer, secret material redacted: a table's rows as records keyed by column, the objects of -o json/yaml, describe's object and events",
      ),
    redacted: z
      .array(z.string())
      .nullable()
      .describe(
        'what a read redacted (env values, ConfigMap data, secret-shaped strings); empty when nothing',
      ),
    approval: approval.nullable(),
    ...approvalFields,
  },
  annotations: {
    title: 'Run a kubectl command',
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
};

export function registerExecuteKubectlTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(name, config, async ({ command, namespace, wait_seconds: waitSeconds }, extra) => {
    const outcome = await deps.service.executeKubectl(command, namespace, deps.requester, 'mcp');
    if (!outcome.ok) return toToolError(outcome.error);
    if (outcome.value.kind === 'read') {
      const { output, data, redacted = [] } = outcome.value.read;
      return {
        content: [{ type: 'text', text: output }],
        structuredContent: {
          kind: 'read',
          output,
          data,
          redacted: [...redacted],
          approval: null,
          slack_permalink: null,
          advice: null,
        },
      };
    }
    const proposed = outcome.value.approval;
    const waited = waitSeconds
      ? await waitForSettled(deps.service, proposed.id, waitSeconds, extra)
      : undefined;
    const result = await approvalResult(
      deps,
      waited?.approval ?? proposed,
      waited?.advice ??
        `This command changes the cluster: it awaits human approval as ${proposed.id}. Call get_approval with that id (and wait_seconds) for the outcome.`,
      'This command changes the cluster, so it was not run: it is a proposal awaiting approval.',
    );
    return {
      ...result,
      structuredContent: {
        kind: 'proposal',
        output: null,
        data: null,
        redacted: null,
        ...result.structuredContent,
      },
    };
  });
}
