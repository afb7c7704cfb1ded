import express, { type Request, type Response } from 'express';
import type * as z from 'zod';
import type { ApprovalService, Outcome } from '../approvals/service.ts';
import { ProposalInputSchema } from '../approvals/proposal-schema.ts';
import { toInputIssues } from '../approvals/input-issues.ts';
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
  function parse<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
    const parsed = schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    sendProblem(res, toProblem({ code: 'invalid_input', issues: toInputIssues(parsed.error) }));
    return undefined;
  }

  function reply(res: Response, outcome: Outcome): void {
    if (outcome.ok) res.json(toWireApproval(outcome.value));
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
      .json(toWireApproval(approval));
  };
  router.post('/approvals', propose);
  router.post('/mcp/propose', propose); // the original Python agent's path

  router.get('/approvals/pending', async (_req, res) => {
    res.type('json').send(wireApprovalListJson(await service.listPending()));
  });

  router.get('/approvals', async (req, res) => {
    const query = parse(HistoryQuerySchema, req.query, res);
    if (!query) return;
    const page = await service.listHistory(query);
    res.type('json').send(wireApprovalListJson(page.approvals, { next_cursor: page.nextCursor ?? null }));
  });

  router.get('/approvals/:id', async (req, res) => {
    reply(res, await service.get(req.params.id));
  });

  router.post('/approvals/:id/approve', async (req, res) => {
    const body = parse(ApproveBodySchema, req.body, res);
    if (body) reply(res, await service.approve(req.params.id, actorOf(res), 'rest', body.comment));
  });

  router.post('/approvals/:id/reject', async (req, res) => {
    const body = parse(RejectBodySchema, req.body, res);
    if (body) reply(res, await service.reject(req.params.id, actorOf(res), 'rest', body.reason));
  });

  router.post('/approvals/:id/cancel', async (req, res) => {
    const body = parse(CancelBodySchema, req.body, res);
    if (body) reply(res, await service.cancel(req.params.id, actorOf(res), 'rest', body.reason));
  });

  return router;
}
