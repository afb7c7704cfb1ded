import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import { ApprovalIdSchema, type ApprovalId } from '../approvals/model.ts';
import type { ApprovalService } from '../approvals/service.ts';
import { ProposalInputSchema } from '../approvals/proposal-schema.ts';
import { toInputIssues } from '../approvals/input-issues.ts';
import type { ServiceError } from '../approvals/errors.ts';
import type { Result } from '../approvals/result.ts';
import { toWireApproval } from '../wire/approval.ts';
import { wireApprovalListJson } from '../wire/approval-json.ts';
import { actorOf } from './auth.ts';
import { sendProblem, toProblem } from './problem.ts';
import {
  ApproveBodySchema,
  CancelBodySchema,
  HistoryQuerySchema,
  RejectBodySchema,
} from './request-schemas.ts';

type Deps = { readonly service: ApprovalService };

/** The REST surface: parse with zod, call the service, render. No approval rule lives here. */
export function approvalsRouter({ service }: Deps): express.Router {
  const router = express.Router();
  const wire = (a: Parameters<typeof toWireApproval>[0]) => toWireApproval(a, service.policy());

  function parse<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
    const parsed = schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    sendProblem(res, toProblem({ code: 'invalid_input', issues: toInputIssues(parsed.error) }));
    return undefined;
  }

  function idOf(req: Request, res: Response): ApprovalId | undefined {
    const parsed = ApprovalIdSchema.safeParse(req.params.id);
    if (parsed.success) return parsed.data;
    sendProblem(res, toProblem({ code: 'not_found', id: String(req.params.id) }));
    return undefined;
  }

  function reply(res: Response, outcome: Result<Parameters<typeof wire>[0], ServiceError>): void {
    if (outcome.ok) res.json(wire(outcome.value));
    else sendProblem(res, toProblem(outcome.error));
  }

  const propose = async (req: Request, res: Response): Promise<void> => {
    const input = parse(ProposalInputSchema, req.body, res);
    if (!input) return;
    const outcome = await service.propose(input, actorOf(res), 'rest');
    if (!outcome.ok) {
      sendProblem(res, toProblem(outcome.error));
      return;
    }
    const { approval, created } = outcome.value;
    res
      .status(created ? 201 : 200)
      .location(`/api/approvals/${approval.id}`)
      .json(wire(approval));
  };
  router.post('/approvals', propose);
  router.post('/mcp/propose', propose); // the original Python agent's path

  router.get('/approvals/pending', async (_req, res) => {
    res.type('json').send(wireApprovalListJson(await service.listPending(), service.policy()));
  });

  router.get('/approvals', async (req, res) => {
    const query = parse(HistoryQuerySchema, req.query, res);
    if (!query) return;
    const page = await service.listHistory(query);
    res
      .type('json')
      .send(wireApprovalListJson(page.approvals, service.policy(), { next_cursor: page.nextCursor ?? null }));
  });

  router.get('/approvals/:id', async (req, res) => {
    const id = idOf(req, res);
    if (id) reply(res, await service.get(id));
  });

  router.post('/approvals/:id/approve', async (req, res) => {
    const id = idOf(req, res);
    const body = id && parse(ApproveBodySchema, req.body, res);
    if (id && body) reply(res, await service.approve(id, actorOf(res), 'rest', body.comment));
  });

  router.post('/approvals/:id/reject', async (req, res) => {
    const id = idOf(req, res);
    const body = id && parse(RejectBodySchema, req.body, res);
    if (id && body) reply(res, await service.reject(id, actorOf(res), 'rest', body.reason));
  });

  router.post('/approvals/:id/cancel', async (req, res) => {
    const id = idOf(req, res);
    const body = id && parse(CancelBodySchema, req.body, res);
    if (id && body) reply(res, await service.cancel(id, actorOf(res), 'rest', body.reason));
  });

  return router;
}
