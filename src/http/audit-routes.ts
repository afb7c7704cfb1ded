import express from 'express';
import { z } from 'zod';
import { AUDIT_EVENTS, auditRecordsOf, compareAuditRecords, type AuditRecord } from '../approvals/audit.ts';
import { toInputIssues } from '../approvals/input-issues.ts';
import type { Approval } from '../approvals/model.ts';
import type { ApprovalService } from '../approvals/service.ts';
import { sendProblem, toProblem } from './problem.ts';
import { AuditQuerySchema } from './request-schemas.ts';

export const WireAuditRecordSchema = z.object({
  at: z.string().describe('RFC 3339 timestamp'),
  approval_id: z.string(),
  action: z.string(),
  event: z.enum(AUDIT_EVENTS),
  by: z
    .string()
    .nullable()
    .describe(
      'the identity used (api:alice, slack:U0123), or kubegate itself; null where not recorded (older approvals)',
    ),
  person: z
    .string()
    .nullable()
    .describe(
      'the person that identity belongs to in the policy; null for kubegate itself or where not recorded',
    ),
  via: z
    .enum(['rest', 'mcp', 'slack', 'system'])
    .nullable()
    .describe('surface; null where not recorded (older approvals)'),
  reason: z.string().optional(),
  result: z.enum(['succeeded', 'failed']).optional(),
  commands: z.array(z.string()),
});

export const AuditPageSchema = z.object({
  records: z.array(WireAuditRecordSchema).describe('oldest first'),
  next_since: z
    .string()
    .nullable()
    .describe('pass as since for the next page; null when this page reached the end'),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

type Deps = {
  readonly service: ApprovalService;
  /** How long a proposal stays decidable (config.approvalTtlMs): bounds how far back a record's approval can lie. */
  readonly ttlMs: number;
};

// Executions start right after approval; an hour covers the slowest run we allow plus retries.
const EXECUTION_SLACK_MS = 60 * 60 * 1000;
const SCAN_PAGE = 200;

/** `GET /audit` (under /api): the decision trail, derived from the approvals; no storage of its own. */
export function auditRouter({ service, ttlMs }: Deps): express.Router {
  const router = express.Router();
  router.get('/audit', async (req, res) => {
    const parsed = AuditQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      sendProblem(res, toProblem({ code: 'invalid_input', issues: toInputIssues(parsed.error) }));
      return;
    }
    const { since, limit } = parsed.data;
    const sinceMs = since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(since);
    const records = await recordsAfter(service, sinceMs, sinceMs - ttlMs - EXECUTION_SLACK_MS);
    res.json(pageOf(records, limit));
  });
  return router;
}

/** Every record after `sinceMs`, oldest first, scanning history (newest first) back to approvals created at `oldestMs`. */
async function recordsAfter(
  service: ApprovalService,
  sinceMs: number,
  oldestMs: number,
): Promise<AuditRecord[]> {
  const approvals: Approval[] = [];
  let cursor: string | undefined;
  scan: do {
    const page = await service.listHistory({ limit: SCAN_PAGE, cursor });
    for (const approval of page.approvals) {
      if (Date.parse(approval.createdAt) < oldestMs) break scan;
      approvals.push(approval);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  // Oldest approval first, so records with equal timestamps come in the same order on every request.
  return approvals
    .reverse()
    .flatMap(auditRecordsOf)
    .filter((r) => Date.parse(r.at) > sinceMs)
    .sort(compareAuditRecords);
}

/**
 * Cuts to `limit`. `since` is exclusive, so a page never ends between two records sharing a timestamp (the next
 * page would skip the second): the page stops before that timestamp, or, when all of it is one timestamp, takes it whole.
 */
function pageOf(records: readonly AuditRecord[], limit: number): AuditPage {
  if (records.length <= limit) return { records: records.map(toWireAuditRecord), next_since: null };
  const boundary = Date.parse(records[limit]?.at ?? '');
  let end = limit;
  while (end > 0 && Date.parse(records[end - 1]?.at ?? '') === boundary) end--;
  if (end === 0) {
    end = limit;
    while (end < records.length && Date.parse(records[end]?.at ?? '') === boundary) end++;
  }
  const page = records.slice(0, end);
  return {
    records: page.map(toWireAuditRecord),
    next_since: end < records.length ? (page.at(-1)?.at ?? null) : null,
  };
}

function toWireAuditRecord(r: AuditRecord): z.infer<typeof WireAuditRecordSchema> {
  return {
    at: r.at,
    approval_id: r.approvalId,
    action: r.action,
    event: r.event,
    by: r.by,
    person: r.person,
    via: r.via,
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    ...(r.result === undefined ? {} : { result: r.result }),
    commands: [...r.commands],
  };
}
