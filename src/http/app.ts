import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../observability/log.ts';
import type { MetricsExposition } from '../observability/metrics.ts';
import { requireActor, type Authenticator } from './auth.ts';
import { problem, sendProblem } from './problem.ts';
import { MAX_JSON_DEPTH, jsonDepth } from '../approvals/json-bounds.ts';
import { StoreUnavailable } from '../approvals/ports.ts';

export const MAX_BODY_BYTES = 256 * 1024;

export type HttpAppDeps = {
  readonly logger: Logger;
  readonly authenticate: Authenticator;
  readonly api: express.Router;
  readonly metrics: MetricsExposition;
  readonly readiness: () => Promise<Record<string, string>>;
  /** Routers that parse their own bodies (Slack verifies signatures over the raw bytes; MCP at /mcp), mounted first. */
  readonly routers?: readonly express.Router[];
  /** Refuses DNS-rebinding hosts and cross-site changes on /api and /mcp (Slack's signed requests are not browsers'). */
  readonly browserGuard?: express.RequestHandler;
};

export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: hashing every answer's body cost measurably under load, and API answers are live state that clients
  // follow through /api/events rather than by revalidating.
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (deps.browserGuard) app.use(['/api', '/mcp'], deps.browserGuard);
  for (const router of deps.routers ?? []) app.use(router);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await deps.readiness();
    const ready = checks.store === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });

  app.use(
    '/api',
    requireJsonBody,
    express.json({ limit: MAX_BODY_BYTES }),
    refuseDeepJson,
    requireActor(deps.authenticate),
    deps.api,
  );
  app.use((req, res) => {
    sendProblem(res, problem(404, 'no-route', 'Not found', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** A body that is not JSON gets 415 rather than being silently ignored (curl -d sends a form by default). */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  // JSON is UTF-8 (RFC 8259); another declared charset could decode a body into something else entirely.
  const charset = /charset="?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  const utf8 = charset === undefined || charset === 'utf-8' || charset === 'utf8';
  if (!hasBody || (req.is('application/json') && utf8)) {
    next();
    return;
  }
  const type = req.headers['content-type'] ?? 'none';
  sendProblem(
    res,
    problem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `send UTF-8 JSON with Content-Type: application/json (got ${type})`,
    ),
  );
}

/** A body nested deeper than any request needs is refused before a recursive validator or renderer can meet it. */
function refuseDeepJson(req: Request, res: Response, next: NextFunction): void {
  if (jsonDepth(req.body, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) {
    next();
    return;
  }
  sendProblem(
    res,
    problem(
      400,
      'too-deep',
      'JSON nested too deeply',
      `the body nests deeper than ${MAX_JSON_DEPTH} levels, the limit`,
    ),
  );
}

type HttpError = Error & { type?: string; status?: number };

/** Body-parser failures are the client's; anything else is ours, logged and answered with a generic 500. */
function errorHandler(logger: Logger) {
  return (error: HttpError, req: Request, res: Response, _next: NextFunction): void => {
    if (error.type === 'entity.too.large') {
      sendProblem(
        res,
        problem(413, 'too-large', 'Body too large', `the body exceeds ${MAX_BODY_BYTES} bytes`),
      );
      return;
    }
    if (error.type === 'entity.parse.failed') {
      sendProblem(res, problem(400, 'invalid-json', 'Invalid JSON', 'the body is not valid JSON'));
      return;
    }
    if (error.status !== undefined && error.status >= 400 && error.status < 500) {
      sendProblem(res, problem(400, 'bad-request', 'Bad request', error.message));
      return;
    }
    // The store cannot answer now (Redis down or restarting): say so at once; the client may retry.
    if (error instanceof StoreUnavailable) {
      logger.warn({ method: req.method, path: req.path, reason: error.message }, 'store unavailable');
      if (!res.headersSent) sendProblem(res, problem(503, 'unavailable', 'Unavailable', error.message));
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (!res.headersSent)
      sendProblem(
        res,
        problem(500, 'internal', 'Internal error', 'kubegate failed to handle this request; see its logs'),
      );
  };
}
