import express, { type Request, type Response } from 'express';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { createMcpServer } from './server.ts';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { actorOf, requireActor, type Authenticator } from '../http/auth.ts';
import type { McpDeps } from './deps.ts';

export type McpHttp = { readonly router: express.Router; readonly close: () => Promise<void> };

/**
 * The MCP server and the SDK's HTTP transport are loaded by the first request to /mcp, not at start-up. The SDK
 * builds its protocol's zod schemas when it loads, and the transport brings @hono/node-server, whose classes extend
 * the global Request and Response: touching those loads Node's own copy of undici (17 MB of RSS in a bare
 * process, kept for the process's life). A service that no agent calls over HTTP never pays for either.
 */
type McpModules = [
  { createMcpServer: typeof createMcpServer },
  { StreamableHTTPServerTransport: typeof StreamableHTTPServerTransport },
];
let mcpModules: Promise<McpModules> | undefined;
const loadMcp = () =>
  (mcpModules ??= Promise.all([
    import('./server.ts'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
  ]));

/**
 * Streamable HTTP at /mcp in the SDK's stateless mode: no session ids, one MCP server and transport per request,
 * bound to that request's bearer token (its identity is the requester). Nothing lives between requests, so a load
 * balancer may send each one to any replica; `wait_seconds` waits inside its own request and wakes on changes
 * from every replica (the service hears them). On loopback, a foreign Host header is refused (DNS rebinding).
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#session-management (sessions are optional)
 */
export function createMcpHttp(
  deps: Omit<McpDeps, 'requester'> & { authenticate: Authenticator; loopback: boolean },
): McpHttp {
  const live = new Set<StreamableHTTPServerTransport>();
  const router = express.Router();
  if (deps.loopback) router.use('/mcp', localhostHostValidation());
  router.use('/mcp', requireActor(deps.authenticate), express.json({ limit: '256kb' }));

  router.post('/mcp', async (req: Request, res: Response) => {
    const [{ createMcpServer }, { StreamableHTTPServerTransport }] = await loadMcp();
    // No sessionIdGenerator: stateless, so nothing ties a client to this replica.
    const transport = new StreamableHTTPServerTransport({});
    const server = createMcpServer({ ...deps, requester: actorOf(res) });
    live.add(transport);
    res.on('close', () => {
      live.delete(transport);
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Without sessions there is no stream to resume (GET) and nothing to end (DELETE).
  const notAllowed = (_req: Request, res: Response): void => {
    res
      .status(405)
      .set('allow', 'POST')
      .json({
        jsonrpc: '2.0',
        error: { code: -32000, message: 'Method not allowed: kubegate serves MCP statelessly (POST only)' },
        id: null,
      });
  };
  router.get('/mcp', notAllowed);
  router.delete('/mcp', notAllowed);

  return {
    router,
    async close() {
      await Promise.allSettled([...live].map((t) => t.close()));
      live.clear();
    },
  };
}
