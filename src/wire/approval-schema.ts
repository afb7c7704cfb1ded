import { z } from 'zod';
import { APPROVAL_STATES, RISKS, SAFETY_LEVELS } from '../approvals/model.ts';

// The approval as every caller sees it (REST bodies, MCP structuredContent): one schema, so the MCP output
// schema and the REST documentation cannot drift from what toWireApproval produces (it is typed by this).

const timestamp = z.string().describe('RFC 3339 timestamp');

export const WireCommandSchema = z.object({
  command: z.string(),
  explanation: z.string(),
  safety_level: z.enum(SAFETY_LEVELS).describe("the agent's own rating"),
  risk: z.enum(RISKS).describe("kubegate's rating: never lower than the agent's"),
  risk_reasons: z.array(z.string()),
  preview: z.string().nullable().describe('what the command will do to the live cluster, checked at proposal time'),
});

export const WireDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  by: z.string(),
  via: z.enum(['rest', 'mcp', 'slack', 'system']),
  at: timestamp,
  reason: z.string().nullable(),
});

export const WireResultSchema = z.object({
  command: z.string(),
  status: z.enum(['succeeded', 'failed', 'skipped']),
  output: z.string().nullable(),
  error: z.string().nullable(),
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});

export const WireApprovalSchema = z.object({
  id: z.string(),
  state: z.enum(APPROVAL_STATES),
  action: z.string(),
  commands: z.array(WireCommandSchema),
  metadata: z.record(z.string(), z.unknown()),
  requester: z.string(),
  idempotency_key: z.string().nullable(),
  digest: z.string().nullable().describe('digest of the parsed operations this approval is bound to'),
  created_at: timestamp,
  expires_at: timestamp,
  quorum: z.object({ required: z.number().int(), approvals: z.number().int() }),
  decisions: z.array(WireDecisionSchema),
  results: z.array(WireResultSchema),
  approved_at: timestamp.nullable(),
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  reason: z.string().nullable(),
});
export type WireApproval = z.infer<typeof WireApprovalSchema>;
