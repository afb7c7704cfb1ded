import express from 'express';
import * as z from 'zod';
import { AUDIT_EVENTS, type AuditRecord } from '../approvals/audit.ts';
import { toInputIssues } from '../approvals/input-issues.ts';
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

/** `GET /audit` (under /api): the decision trail, as the core derives it from the approvals. */
export function auditRouter({ service }: { readonly service: ApprovalService }): express.Router {
  const router = express.Router();
  router.get('/audit', async (req, res) => {
    const parsed = AuditQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      sendProblem(res, toProblem({ code: 'invalid_input', issues: toInputIssues(parsed.error) }));
      return;
    }
    const page = await service.audit(parsed.data);
    const wire: AuditPage = { records: page.records.map(toWireAuditRecord), next_since: page.nextSince };
    res.json(wire);
  });
  return router;
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
