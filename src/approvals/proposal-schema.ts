import * as z from 'zod';
import { SAFETY_LEVELS } from './model.ts';
import { MAX_METADATA_BYTES, MAX_METADATA_DEPTH, isPlainJson, jsonDepth } from './json-bounds.ts';

// Limits keep one proposal renderable in Slack and cheap to store; an agent that needs more should split it.
export const MAX_COMMANDS = 20;
export const MAX_COMMAND_LENGTH = 4096;

/** A DNS-1123 label: what namespaces and container names must be. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const ProposedCommandSchema = z.strictObject({
  command: z.string().trim().min(1, 'command must not be empty').max(MAX_COMMAND_LENGTH),
  explanation: z.string().trim().min(1, 'explain why this command helps').max(2000),
  safety_level: z.enum(SAFETY_LEVELS, { error: `safety_level must be one of ${SAFETY_LEVELS.join(', ')}` }),
});

export const ProposalMetadataSchema = z
  .object({
    severity: z.string().trim().min(1).max(32).optional(),
    service: z.string().trim().min(1).max(253).optional(),
    namespace: z
      .string()
      .max(63)
      .regex(DNS1123_LABEL, 'namespace must be a DNS-1123 label (lowercase letters, digits, -)')
      .optional(),
  })
  // Extra members are any JSON, bounded: depth is checked without recursion before anything walks the value.
  .catchall(z.unknown())
  .superRefine((metadata, ctx) => {
    if (jsonDepth(metadata, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        message: `metadata nests deeper than ${MAX_METADATA_DEPTH} levels, the limit`,
      });
      return;
    }
    if (!isPlainJson(metadata)) {
      ctx.addIssue({ code: 'custom', message: 'metadata must be plain JSON' });
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
    if (bytes > MAX_METADATA_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `metadata is ${bytes} bytes as JSON; the limit is ${MAX_METADATA_BYTES}`,
      });
    }
  });

/** The body of `propose_remediation` and `POST /api/approvals`, exactly as agents send it (snake_case). */
export const ProposalInputSchema = z.strictObject({
  action: z.string().trim().min(1, 'say what the remediation does').max(200),
  commands: z.array(ProposedCommandSchema).min(1, 'propose at least one command').max(MAX_COMMANDS),
  metadata: ProposalMetadataSchema.default({}),
  idempotency_key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'idempotency_key must be printable ASCII without spaces')
    .optional(),
});
export type ProposalInput = z.infer<typeof ProposalInputSchema>;
