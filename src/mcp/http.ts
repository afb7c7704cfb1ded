import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../approvals/model.ts';
import { actorOf, requireActor, type Authenticator } from '../http/auth.ts';
import { createMcpServer } from './server.ts';
import type { McpDeps } from './deps.ts';

type Session = { readonly transport: StreamableHTTPServerTransport; readonly owner: string };

export type McpHttp = { readonly router: express.Router; readonly close: () => Promise<void> };

const jsonRpcError = (res: Response, status: number, message: string): void => {
  res.status(status).json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
};

/**
 * Streamable HTTP at /mcp: one MCP server per session, each bound to the identity that opened it (the bearer
 * token's, so it becomes the requester). On loopback, a foreign Host header is refused (DNS rebinding).
 */
export function createMcpHttp(deps: Omit<McpDeps, 'requester'> & { authenticate: Authenticator; loopback: boolean }): McpHttp {
  const sessions = new Map<string, Session>();
  const router = express.Router();
  if (deps.loopback) router.use('/mcp', localhostHostValidation());
  router.use('/mcp', requireActor(deps.authenticate), express.json({ limit: '256kb' }));

  async function open(req: Request, res: Response, actor: Actor): Promise<void> {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, owner: actor.principal });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await createMcpServer({ ...deps, requester: actor }).connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  const handle = async (req: Request, res: Response): Promise<void> => {
    const actor = actorOf(res);
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string') {
      if (req.method === 'POST' && isInitializeRequest(req.body)) return open(req, res, actor);
      jsonRpcError(res, 400, 'no session: start with an initialize request'); return;
    }
    const session = sessions.get(id);
    if (!session) { jsonRpcError(res, 404, 'unknown or expired MCP session'); return; }
    // A session belongs to whoever opened it: another token cannot ride on it.
    if (session.owner !== actor.principal) { jsonRpcError(res, 403, 'this MCP session belongs to another identity'); return; }
    await session.transport.handleRequest(req, res, req.body);
  };
  router.post('/mcp', handle);
  router.get('/mcp', handle);
  router.delete('/mcp', handle);

  return {
    router,
    async close() {
      await Promise.allSettled([...sessions.values()].map((s) => s.transport.close()));
      sessions.clear();
    },
  };
}
