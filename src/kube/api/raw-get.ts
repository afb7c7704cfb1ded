import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A GET whose JSON answer is returned as the API server sent it, or the HTTP status and body of a refusal. */
export type RawGet = (request: RawRequest) => Promise<RawResponse>;
export type RawRequest = {
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly accept: string;
  readonly signal?: AbortSignal;
};
export type RawResponse = { readonly status: number; readonly body: string };

/** client-go's TCP keep-alive probe interval, which client-node's own dispatcher also uses. */
const KEEP_ALIVE_MS = 30_000;

/**
 * Reads go out on Node's own HTTP client: its parser is native, where undici's (client-node's transport) is
 * WebAssembly that V8 compiles in the process and then compiles again for speed (measured with bench:peers: 16 MB
 * of RSS for an agent that only reads). The typed list methods would also deserialise into model classes, which
 * drops a Table's rows; reads want the server's JSON as it is.
 *
 * Everything about reaching the cluster still comes from client-node, on every request: `applyToHTTPSOptions`
 * gives the kubeconfig's token (an exec plugin or OIDC refresh included), client certificate, CA, server name,
 * impersonation, and an agent for the cluster's proxy when it has one. Without a proxy, kubegate's own agent keeps
 * the connection alive between reads, as client-go does; Node pools its sockets by those TLS options, so a
 * rotated certificate opens a new connection rather than reusing one made with the old.
 */
export function rawGetter(kc: KubeConfig, server: string): RawGet {
  const base = new URL(server);
  const transport = base.protocol === 'http:' ? http : https;
  const keepAlive = new transport.Agent({ keepAlive: true, keepAliveMsecs: KEEP_ALIVE_MS });
  const prefix = base.pathname.replace(/\/$/, '');
  return async ({ path, query = {}, accept, signal }) => {
    const options: https.RequestOptions = { headers: { Accept: accept, 'User-Agent': 'kubegate' } };
    await kc.applyToHTTPSOptions(options);
    if (kc.getCurrentCluster()?.proxyUrl === undefined) options.agent = keepAlive;
    const url = new URL(`${prefix}${path}`, base);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const send = (retry: boolean): Promise<RawResponse> =>
      new Promise((resolve, reject) => {
        const request = transport.request(url, { ...options, method: 'GET' });
        if (signal) abortWith(signal, request);
        request.on('response', (response) => {
          readBody(response).then(resolve, reject);
        });
        request.on('error', (error) => {
          // The server may close an idle kept-alive connection just as a read is sent on it: a GET changes
          // nothing, so it is sent once more on a new connection (Node's documented remedy; client-go retries
          // GETs on a reset connection too).
          if (retry && request.reusedSocket && isReset(error) && signal?.aborted !== true) {
            send(false).then(resolve, reject);
          } else reject(error);
        });
        request.end();
      });
    return send(true);
  };
}

/**
 * The caller's deadline ends the request, with an AbortError whose cause is the signal's reason, as Node's own
 * `signal` option does. That option also follows the request's whole life through `finished()`: a read's deadline
 * (withDeadline's controller and timer, and this) cost 100 K instructions with it and 56 K with one listener,
 * removed when the request closes (callgrind, per read, kubegate's stdio flags).
 */
function abortWith(signal: AbortSignal, request: ClientRequest): void {
  const abort = (): void => {
    request.destroy(
      Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError' }),
    );
  };
  if (signal.aborted) {
    abort();
    return;
  }
  signal.addEventListener('abort', abort, { once: true });
  request.once('close', () => {
    signal.removeEventListener('abort', abort);
  });
}

function readBody(response: IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      body += chunk;
    });
    response.on('end', () => {
      resolve({ status: response.statusCode ?? 0, body });
    });
    response.on('error', reject);
  });
}

const isReset = (error: Error & { code?: unknown }): boolean =>
  error.code === 'ECONNRESET' || error.code === 'EPIPE';
