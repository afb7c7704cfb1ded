import * as z from 'zod';
import { APPROVAL_STATES } from '../approvals/model.ts';
import { decodeHistoryCursor } from '../approvals/cursor.ts';

// The REST request shapes, in one module so the routes that parse with them and the OpenAPI document that
// describes them (src/http/openapi.ts) cannot drift apart. The proposal body lives in approvals/proposal-schema.ts
// because MCP accepts it too.

export const ApproveBodySchema = z.strictObject({ comment: z.string().trim().min(1).max(2000).optional() });

export const RejectBodySchema = z.strictObject({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason must not be empty').max(2000),
});

export const CancelBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() });

export const HistoryQuerySchema = z.strictObject({
  state: z.enum(APPROVAL_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .refine((c) => decodeHistoryCursor(c) !== undefined, 'cursor is not one this API returned')
    .optional()
    .describe('next_cursor from the previous page'),
});

export const AUDIT_MAX_LIMIT = 500;

export const AuditQuerySchema = z.strictObject({
  since: z.iso
    .datetime({ offset: true, error: 'since must be an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z' })
    .optional()
    .describe('only records strictly after this instant; pass next_since to page forward'),
  limit: z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).default(100),
});
