import * as z from 'zod';
import { APPROVAL_STATES, RISKS, SAFETY_LEVELS } from '../approvals/model.ts';

// The approval as every caller sees it (REST bodies, MCP structuredContent): one schema, so the MCP output
// schema and the REST documentation cannot drift from what toWireApproval produces (it is typed by this).

const timestamp = z.string().describe('RFC 3339 timestamp');
const SurfaceSchema = z.enum(['rest', 'mcp', 'slack', 'system']);

export const WireCommandSchema = z.object({
  command: z.string().describe('the command exactly as the agent proposed it'),
  canonical: z
    .string()
    .describe(
      "kubegate's canonical spelling of the parsed operation (effective namespace included, whitespace collapsed): what approvers are shown and what runs",
    ),
  namespace: z
    .string()
    .nullable()
    .describe('where the command really runs; null for nodes and all-namespaces reads'),
  read_only: z.boolean().describe('a read: its output is never posted to Slack'),
  explanation: z.string(),
  safety_level: z.enum(SAFETY_LEVELS).describe("the agent's own rating"),
  risk: z.enum(RISKS).describe("kubegate's rating: never lower than the agent's"),
  risk_reasons: z.array(z.string()),
  preview: z
    .string()
    .nullable()
    .describe('what the command will do to the live cluster, checked at proposal time'),
});

export const WireDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  by: z.string().describe('the identity the decider used (api:alice, slack:U0123)'),
  person: z
    .string()
    .describe(
      'the person that identity belongs to in the policy (or the identity itself): one person, one vote',
    ),
  via: SurfaceSchema,
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
  risk_raised_at: timestamp.nullable().describe("when a repeat of this proposal raised a command's risk"),
  namespace_mismatch: z
    .string()
    .nullable()
    .describe(
      "set when metadata.namespace differs from where the commands run: the agent's label is not where they act",
    ),
  created_at: timestamp,
  expires_at: timestamp,
  quorum: z
    .object({
      required: z.number().int().describe('distinct people who must approve'),
      approvals: z.number().int().describe('distinct people who have approved'),
      rules: z.array(z.string()).describe('the policy rules that apply (the first match for each command)'),
    })
    .describe('what this approval needs, by the policy rules in force when it was proposed'),
  created_via: SurfaceSchema.nullable().describe('the surface the proposal came through'),
  ended_by: z
    .object({ by: z.string(), person: z.string(), via: SurfaceSchema })
    .nullable()
    .describe('who cancelled it (identity, person, surface)'),
  decisions: z.array(WireDecisionSchema),
  results: z.array(WireResultSchema),
  approved_at: timestamp.nullable(),
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  reason: z.string().nullable(),
});
export type WireApproval = z.infer<typeof WireApprovalSchema>;
