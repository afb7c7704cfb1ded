import { ExplainBodySchema, ExplanationSchema, WirePolicySchema } from './policy-routes.ts';
import express from 'express';
import * as z from 'zod';
import { APPROVAL_STATES, ApprovalIdSchema } from '../approvals/model.ts';
import { ProposalInputSchema } from '../approvals/proposal-schema.ts';
import { WireApprovalSchema } from '../wire/approval-schema.ts';
import type { ProblemStatus } from './problem.ts';
import { AuditPageSchema, WireAuditRecordSchema } from './audit-routes.ts';
import { ApprovalChangeSchema } from './events-routes.ts';
import {
  ApproveBodySchema,
  AuditQuerySchema,
  CancelBodySchema,
  HistoryQuerySchema,
  RejectBodySchema,
} from './request-schemas.ts';

// The OpenAPI 3.1 description of the REST API, generated from the zod schemas the routes parse with and the wire
// schema toWireApproval is typed by, so the document cannot drift from what kubegate accepts and answers.
// @see https://spec.openapis.org/oas/v3.1.1.html (Schema Objects are JSON Schema draft 2020-12)

export const OPENAPI_PATH = '/api/openapi.json';

type JsonObject = { [key: string]: unknown };

const PROBLEM_STATUSES = [
  400, 401, 403, 404, 409, 413, 415, 422, 500, 503,
] as const satisfies readonly ProblemStatus[];

const ProblemSchema = z.looseObject({
  type: z.string().describe('urn:kubegate:problem:<slug>'),
  title: z.string(),
  status: z.literal(PROBLEM_STATUSES),
  detail: z.string(),
  state: z.enum(APPROVAL_STATES).optional().describe('the current state, when it explains a 409'),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('what is wrong with the input'),
  command: z.string().optional().describe('the command that was refused'),
});
const ApprovalListSchema = z.object({ approvals: z.array(WireApprovalSchema).describe('oldest first') });
const ApprovalPageSchema = z.object({
  approvals: z.array(WireApprovalSchema).describe('newest first'),
  next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
const HealthSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z.record(z.string(), z.string()),
});

const requestBodies = {
  ProposalInput: ProposalInputSchema,
  ApproveBody: ApproveBodySchema,
  RejectBody: RejectBodySchema,
  CancelBody: CancelBodySchema,
  ExplainBody: ExplainBodySchema,
};
const responseBodies = {
  Approval: WireApprovalSchema,
  ApprovalList: ApprovalListSchema,
  ApprovalPage: ApprovalPageSchema,
  AuditRecord: WireAuditRecordSchema,
  AuditPage: AuditPageSchema,
  ApprovalChange: ApprovalChangeSchema,
  Problem: ProblemSchema,
  Policy: WirePolicySchema,
  Explanation: ExplanationSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
};

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops `$schema`/`$id` (the document is the schema's home) and points zod's shared `$defs` refs at components. */
function embed(value: unknown, sharedPrefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => embed(v, sharedPrefix));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    const shared =
      key === '$ref' && typeof v === 'string'
        ? /^#\/components\/schemas\/__shared#\/\$defs\/(.+)$/.exec(v)
        : null;
    out[key] = shared ? `#/components/schemas/${sharedPrefix}${shared[1] ?? ''}` : embed(v, sharedPrefix);
  }
  return out;
}

/** One registry per direction: a request body is described as zod parses it (input), a response as rendered (output). */
function componentsOf(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Recursive schemas zod could not name (the JSON values metadata accepts) land in `__shared`: hoist them.
  const prefix = io === 'input' ? 'RequestShared.' : 'ResponseShared.';
  const { __shared: shared, ...named } = generated.schemas;
  const hoisted = Object.fromEntries(
    Object.entries(shared?.$defs ?? {}).map(([key, s]) => [`${prefix}${key}`, s]),
  );
  const embedded = embed({ ...named, ...hoisted }, prefix);
  return isObject(embedded) ? embedded : {};
}

function inlineSchema(schema: z.ZodType): JsonObject {
  const embedded = embed(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }), '');
  return isObject(embedded) ? embedded : {};
}

/** Query parameters from the very schema the route parses `req.query` with. */
function queryParameters(schema: z.ZodObject): JsonObject[] {
  const { properties = {}, required = [] } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = isObject(property) ? property : {};
    return {
      name,
      in: 'query',
      required: required.includes(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });

const PROBLEM_TEXT: Record<ProblemStatus, string> = {
  400: 'invalid input (the zod issues are listed) or an unacceptable command',
  401: 'missing or invalid bearer token',
  403: 'not an approver, or approving your own dangerous proposal',
  404: 'no approval has this id',
  409: 'not pending (the current state is given), or a second approval by the same person',
  413: 'body over 256 KiB',
  415: 'a body that is not UTF-8 JSON',
  422: 'the command cannot run against the cluster',
  500: 'kubegate failed; see its logs',
  503: 'the Kubernetes API server is unreachable',
};

function problems(...statuses: ProblemStatus[]): JsonObject {
  const problem = { 'application/problem+json': { schema: ref('Problem') } };
  const all: ProblemStatus[] = [...statuses, 500];
  return Object.fromEntries(all.map((s) => [String(s), { description: PROBLEM_TEXT[s], content: problem }]));
}

const ok = (description: string, schema: string) => ({
  '200': { description, content: jsonContent(schema) },
});
const body = (schema: string, required: boolean) => ({
  requestBody: { required, content: jsonContent(schema) },
});
const idParameter = () => ({
  name: 'id',
  in: 'path',
  required: true,
  schema: inlineSchema(ApprovalIdSchema),
});

function proposeOperation(operationId: string, summary: string): JsonObject {
  const created = {
    description: 'created',
    headers: { Location: { schema: { type: 'string' } } },
    content: jsonContent('Approval'),
  };
  return {
    operationId,
    summary,
    ...body('ProposalInput', true),
    responses: {
      '201': created,
      ...ok('the existing approval for a repeated idempotency_key', 'Approval'),
      ...problems(400, 401, 413, 415, 422, 503),
    },
  };
}

function decideOperation(
  verb: 'approve' | 'reject' | 'cancel',
  summary: string,
  bodySchema: string,
): JsonObject {
  return {
    operationId: `${verb}Approval`,
    summary,
    parameters: [idParameter()],
    ...body(bodySchema, verb === 'reject'),
    responses: {
      ...ok('the approval after the decision', 'Approval'),
      ...problems(400, 401, 403, 404, 409, 413, 415),
    },
  };
}

function paths(): JsonObject {
  const unauthenticated = { security: [] };
  return {
    '/api/approvals': {
      post: proposeOperation('propose', 'Propose a remediation'),
      get: {
        operationId: 'listHistory',
        summary: 'History, newest first',
        parameters: queryParameters(HistoryQuerySchema),
        responses: { ...ok('one page', 'ApprovalPage'), ...problems(400, 401) },
      },
    },
    '/api/mcp/propose': {
      post: proposeOperation('proposeLegacy', 'Propose a remediation (the original agent’s path)'),
    },
    '/api/approvals/pending': {
      get: {
        operationId: 'listPending',
        summary: 'Pending approvals, oldest first',
        responses: { ...ok('pending approvals', 'ApprovalList'), ...problems(401) },
      },
    },
    '/api/approvals/{id}': {
      get: {
        operationId: 'getApproval',
        summary: 'One approval, with decisions and results',
        parameters: [idParameter()],
        responses: { ...ok('the approval', 'Approval'), ...problems(401, 404) },
      },
    },
    '/api/approvals/{id}/approve': {
      post: decideOperation('approve', 'Approve (optional comment)', 'ApproveBody'),
    },
    '/api/approvals/{id}/reject': { post: decideOperation('reject', 'Reject with a reason', 'RejectBody') },
    '/api/approvals/{id}/cancel': {
      post: decideOperation('cancel', 'Withdraw a pending proposal', 'CancelBody'),
    },
    '/api/policy': {
      get: {
        operationId: 'getPolicy',
        summary: 'The effective approval policy: people and rules',
        responses: { ...ok('the policy', 'Policy'), ...problems(401) },
      },
    },
    '/api/policy/explain': {
      post: {
        operationId: 'explainPolicy',
        summary:
          'Which rules, quorum, approvers and ttl a command (or a whole proposal) would get, without proposing it',
        ...body('ExplainBody', true),
        responses: { ...ok('what applies', 'Explanation'), ...problems(400, 401, 413, 415, 422, 503) },
      },
    },
    '/api/audit': {
      get: {
        operationId: 'listAudit',
        summary: 'The decision trail, oldest first; records strictly after since',
        parameters: queryParameters(AuditQuerySchema),
        responses: { ...ok('one page of records', 'AuditPage'), ...problems(400, 401) },
      },
    },
    '/api/events': {
      get: {
        operationId: 'streamEvents',
        summary: 'Every approval change, live (server-sent events)',
        description:
          'A text/event-stream that stays open: one `approval` event per change, its `data` an ApprovalChange (JSON), its `id` `<approval id>.<version>`; a `: ping` comment every 15 s. Authenticated like the rest of /api (Authorization: Bearer). Reconnect on end; reload the lists after a reconnect, as events are not replayed.',
        responses: {
          '200': {
            description: "the stream; each event's data is #/components/schemas/ApprovalChange",
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...problems(401),
        },
      },
    },
    [OPENAPI_PATH]: {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        ...unauthenticated,
        responses: { '200': { description: 'OpenAPI 3.1' } },
      },
    },
    '/healthz': {
      get: {
        operationId: 'health',
        summary: 'Liveness',
        ...unauthenticated,
        responses: ok('alive', 'Health'),
      },
    },
    '/readyz': {
      get: {
        operationId: 'ready',
        summary: 'Readiness: the store answers',
        ...unauthenticated,
        responses: {
          ...ok('ready', 'Readiness'),
          '503': { description: 'the store is unreachable', content: jsonContent('Readiness') },
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        ...unauthenticated,
        responses: {
          '200': {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document of the REST API. */
export function buildOpenApiDocument(): JsonObject {
  return {
    openapi: '3.1.1',
    info: {
      title: 'kubegate',
      version: '1',
      description:
        'Human-in-the-loop approval gate for AI-proposed Kubernetes changes. JSON in snake_case; errors are application/problem+json (RFC 9457).',
    },
    security: [{ bearer: [] }],
    paths: paths(),
    components: {
      schemas: { ...componentsOf(requestBodies, 'input'), ...componentsOf(responseBodies, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token from API_TOKENS (identity:token pairs). Without API_TOKENS kubegate only listens on loopback and every caller is api:local.',
        },
      },
    },
  };
}

/** Serves the document at OPENAPI_PATH; mount it before authentication, it describes, it decides nothing. */
export function openApiRouter(): express.Router {
  const router = express.Router();
  // Built by the first request for it rather than at start-up, where it is most of the HTTP stack's set-up time.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  router.get(OPENAPI_PATH, (_req, res) => {
    res.json((document ??= buildOpenApiDocument()));
  });
  return router;
}
