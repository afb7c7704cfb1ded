/** Request plumbing: bodies in, JSON out, URL paths to routes, routes to verb handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VERSION_INFO, apiGroupList, apiResourceList, apiVersions } from './discovery.ts';
import {
  create,
  get,
  list,
  patch,
  remove,
  replace,
  type ApiRequest,
  type ApiResponse,
  type Route,
} from './operations.ts';
import { dispatchEventsV1 } from './events.ts';
import { findResource } from './resources.ts';
import { StatusError, badRequest, methodNotAllowed, type Status } from './status.ts';
import type { Store } from './store.ts';
import { handleSubresource } from './subresources.ts';

export function send(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const payload =
    typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

export const sendStatus = (res: ServerResponse, status: Status): void => {
  send(res, status.code, status);
};

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  // Non-JSON bodies stay text so the verb handler can answer 415, as the server checks the media type first.
  const mediaType = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new StatusError(
      badRequest(
        `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  }
}

/** `/api/v1/...` or `/apis/{group}/v1/...` minus the prefix, with the `namespaces/{ns}/` scope peeled off. */
export function parseRoute(group: string, rest: readonly string[]): Route | undefined {
  let scoped = rest;
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    findResource(group, rest[2] ?? '')?.namespaced === true
  ) {
    namespace = rest[1];
    scoped = rest.slice(2);
  }
  const [plural, name, sub, ...extra] = scoped;
  const r = findResource(group, plural ?? '');
  if (!r || extra.length > 0) return undefined;
  if (r.namespaced && namespace === undefined && name !== undefined) return undefined;
  return { r, namespace, name, sub };
}

export function discovery(segments: readonly string[], host: string): unknown {
  const path = segments.join('/');
  if (path === 'version') return VERSION_INFO;
  if (path === 'api') return apiVersions(host);
  if (path === 'apis') return apiGroupList();
  if (path === 'api/v1') return apiResourceList('', 'v1');
  if (segments.length === 3 && segments[0] === 'apis')
    return apiResourceList(segments[1] ?? '', segments[2] ?? '');
  return undefined;
}

export function dispatch(store: Store, api: ApiRequest, method: string, now: number): ApiResponse {
  const { name, sub } = api.route;
  if (api.route.r.group === 'events.k8s.io') return dispatchEventsV1(store, api, method, now);
  if (sub !== undefined) return handleSubresource(store, api, method, now);
  if (name === undefined) {
    if (method === 'GET') return list(store, api, now);
    if (method === 'POST') return create(store, api);
    throw new StatusError(methodNotAllowed());
  }
  switch (method) {
    case 'GET':
      return get(store, api, now);
    case 'PUT':
      return replace(store, api);
    case 'PATCH':
      return patch(store, api);
    case 'DELETE':
      return remove(store, api);
    default:
      throw new StatusError(methodNotAllowed());
  }
}
