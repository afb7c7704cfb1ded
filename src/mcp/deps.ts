import type { Actor, Approval } from '../approvals/model.ts';
import type { ApprovalService, ApprovalWithQuorum } from '../approvals/service.ts';
import { toWireApproval } from '../wire/approval.ts';
import { WireApprovalSchema } from '../wire/approval-schema.ts';
import * as z from 'zod';
import { summarise } from './tool-result.ts';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** What every tool needs; the requester is the session's identity (MCP_REQUESTER on stdio, the token's over HTTP). */
export type McpDeps = {
  readonly service: ApprovalService;
  readonly requester: Actor;
  /** The approval's Slack message, once posted (null without Slack). */
  readonly permalink?: (approval: Approval) => Promise<string | null>;
};

export const WAIT_SECONDS = z
  .number()
  .int()
  .min(0)
  .max(600)
  .optional()
  .describe('wait up to this many seconds for a decision (and its execution) before answering');

export const ApprovalOutputShape = {
  approval: WireApprovalSchema,
  slack_permalink: z.string().nullable(),
  advice: z.string().nullable().describe('what to do next when the approval is still open'),
};

/** An approval as a tool result: a readable summary plus the structured approval. */
export async function approvalResult(
  deps: McpDeps,
  approval: ApprovalWithQuorum,
  advice: string | null,
  lead?: string,
): Promise<CallToolResult> {
  const wire = toWireApproval(approval);
  const slack = deps.permalink ? await deps.permalink(approval) : null;
  const text = [lead, summarise(wire), slack ? `Slack: ${slack}` : undefined, advice ?? undefined]
    .filter(Boolean)
    .join('\n');
  return {
    content: [{ type: 'text', text }],
    structuredContent: { approval: wire, slack_permalink: slack, advice },
  };
}
