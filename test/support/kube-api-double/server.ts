/** The HTTP(S) front of the double: auth, fault injection, request log, routing to verb handlers. */
import { timingSafeEqual } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { reconcile } from './controller.ts';
import { writeKubeconfig, type KubeconfigOptions } from './kubeconfig.ts';
import type { ApiRequest, Route } from './operations.ts';
import { resolveResource, resource, resourceForKind } from './resources.ts';
import { discovery, dispatch, parseRoute, readBody, send, sendStatus } from './routing.ts';
import { StatusError, injected, pathNotFound, unauthorized } from './status.ts';
import { Store, type LogLine } from './store.ts';
import { tlsMaterial } from './tls.ts';
import {
  isRecord,
  type Fault,
  type InterleavedWrite,
  type Interleaving,
  type KubeObject,
  type RecordedRequest,
} from './types.ts';
import { serveWatch } from './watch.ts';

export interface KubeApiDoubleOptions {
  /** Serve HTTPS with a throwaway CA; kubectl only sends a bearer token over TLS. */
  tls?: boolean;
  /** When set, every API request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Clock for timestamps, ages and log `sinceSeconds`. */
  now?: () => Date;
}

/** An in-process Kubernetes API server that @kubernetes/client-node and kubectl both accept. */
export interface KubeApiDouble {
  readonly url: string;
  /** Every request received, in arrival order; tests may clear it with `requests.length = 0`. */
  readonly requests: RecordedRequest[];
  /** PEM of the CA that signed the server certificate (TLS mode only). */
  readonly caPem: string | undefined;
  writeKubeconfig(dir: string, opts?: KubeconfigOptions): Promise<string>;
  seed(objects: readonly object[]): void;
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
  setPodLog(
    namespace: string,
    pod: string,
    lines: string | readonly LogLine[],
    opts?: { container?: string; previous?: boolean },
  ): void;
  inject(fault: Fault): void;
  /**
   * Another client's write (an HPA, a controller, a person), made once: right after the double has answered the
   * nth request matching `after`, before that answer reaches the client. A race with the client made
   * deterministic: the client acts on what it read while the object has already moved. Cleared by clearFaults().
   */
  interleave(interleaving: Interleaving): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

function takeFault(faults: ActiveFault[], method: string, path: string): Fault | undefined {
  const active = faults.find(
    (f) =>
      f.remaining > 0 &&
      (f.fault.method === undefined || f.fault.method.toUpperCase() === method) &&
      path.startsWith(f.fault.pathPrefix ?? ''),
  );
  if (!active) return undefined;
  active.remaining--;
  return active.fault;
}

interface ActiveInterleaving {
  readonly interleaving: Interleaving;
  seen: number;
}

/** The writes due once this request is answered: each interleaving fires once, on the nth request it matches. */
function takeInterleaved(active: ActiveInterleaving[], method: string, path: string): InterleavedWrite[] {
  const due: InterleavedWrite[] = [];
  for (const entry of active) {
    const { after, write } = entry.interleaving;
    if (after.method.toUpperCase() !== method || !path.startsWith(after.pathPrefix)) continue;
    entry.seen++;
    if (entry.seen === (after.nth ?? 1)) due.push(write);
  }
  return due;
}

const pathSegments = (pathname: string): string[] =>
  pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);

/** `/api/v1/…` and `/apis/{group}/v1/…` to a route; anything else (discovery, unknown paths) to undefined. */
function routeOf(segments: readonly string[]): Route | undefined {
  const group =
    segments[0] === 'api' && segments[1] === 'v1'
      ? ''
      : segments[0] === 'apis' && segments[2] === 'v1'
        ? segments[1]
        : undefined;
  return group === undefined ? undefined : parseRoute(group, segments.slice(group === '' ? 2 : 3));
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startKubeApiDouble(opts: KubeApiDoubleOptions = {}): Promise<KubeApiDouble> {
  const now = opts.now ?? ((): Date => new Date());
  const store = new Store(now);
  const requests: RecordedRequest[] = [];
  const faults: ActiveFault[] = [];
  const interleavings: ActiveInterleaving[] = [];
  const watches = new Set<ServerResponse>();
  const tls = opts.tls === true ? tlsMaterial() : undefined;
  let host = '';
  const connections = new WeakMap<object, number>();
  let opened = 0;
  const connectionOf = (socket: object): number => {
    const known = connections.get(socket);
    if (known !== undefined) return known;
    connections.set(socket, ++opened);
    return opened;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = method === 'GET' ? undefined : await readBody(req);
    const contentType = req.headers['content-type'];
    const accept = req.headers.accept;
    requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      contentType,
      accept,
      body,
      at: now().toISOString(),
      connection: connectionOf(req.socket),
      userAgent: req.headers['user-agent'],
    });

    const fault = takeFault(faults, method, url.pathname);
    if (fault?.delayMs !== undefined) await delay(fault.delayMs);
    if (fault?.drop === true) {
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      sendStatus(res, injected(fault.status));
      return;
    }
    if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
      send(res, 200, 'ok', 'text/plain');
      return;
    }
    if (opts.token !== undefined && !bearerMatches(req.headers.authorization, opts.token)) {
      sendStatus(res, unauthorized());
      return;
    }
    const segments = pathSegments(url.pathname);
    const doc = discovery(segments, host);
    if (doc !== undefined) {
      send(res, 200, doc);
      return;
    }
    const route = routeOf(segments);
    if (!route) {
      sendStatus(res, pathNotFound());
      return;
    }
    const api: ApiRequest = { route, query: url.searchParams, contentType, accept, body };
    const watch = url.searchParams.get('watch');
    if (method === 'GET' && route.name === undefined && (watch === 'true' || watch === '1')) {
      serveWatch(store, api, res, watches);
      return;
    }
    const answer = dispatch(store, api, method, now().getTime());
    // The answer is computed; another client's write lands now, before the caller can read it and act.
    for (const write of takeInterleaved(interleavings, method, url.pathname)) writeAsAnotherClient(write);
    send(res, answer.code, answer.body, answer.contentType);
  }

  function writeAsAnotherClient(write: InterleavedWrite): void {
    const url = new URL(write.path, 'http://double');
    const route = routeOf(pathSegments(url.pathname));
    if (!route) throw new Error(`interleave(): the double serves no ${write.path}`);
    const api: ApiRequest = {
      route,
      query: url.searchParams,
      contentType: write.contentType ?? 'application/json',
      accept: 'application/json',
      body: write.body,
    };
    const answer = dispatch(store, api, write.method.toUpperCase(), now().getTime());
    if (answer.code >= 400) throw new Error(`interleave(): ${write.path} answered ${answer.code}`);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof StatusError) sendStatus(res, e.status);
      else
        sendStatus(res, {
          ...injected(500),
          message: `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`,
        });
    });
  };
  const server: Server = tls
    ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, listener)
    : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  const url = `${tls ? 'https' : 'http'}://${host}`;

  return {
    url,
    requests,
    caPem: tls?.caPem,
    writeKubeconfig: (dir, kubeconfigOpts = {}) =>
      writeKubeconfig(dir, url, tls?.caPem, { token: opts.token, ...kubeconfigOpts }),
    seed(objects) {
      for (const raw of objects) {
        if (
          !isRecord(raw) ||
          !isRecord(raw['metadata']) ||
          typeof raw['apiVersion'] !== 'string' ||
          typeof raw['kind'] !== 'string'
        ) {
          throw new Error('seed() takes Kubernetes objects with apiVersion, kind and metadata');
        }
        const r = resourceForKind(raw['apiVersion'], raw['kind']);
        if (!r) throw new Error(`kube-api-double does not serve ${raw['apiVersion']} ${raw['kind']}`);
        const meta = raw['metadata'];
        const obj: KubeObject = {
          ...raw,
          apiVersion: raw['apiVersion'],
          kind: raw['kind'],
          metadata: {
            ...meta,
            name: String(meta['name']),
            uid: typeof meta['uid'] === 'string' ? meta['uid'] : '',
            resourceVersion: '',
            creationTimestamp: typeof meta['creationTimestamp'] === 'string' ? meta['creationTimestamp'] : '',
            ...(r.namespaced
              ? { namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : 'default' }
              : {}),
          },
        };
        if (store.get(r, obj.metadata.namespace, obj.metadata.name)) {
          throw new Error(
            `seed(): ${r.plural} ${obj.metadata.namespace ?? ''}/${obj.metadata.name} already exists`,
          );
        }
        store.create(r, obj);
      }
      reconcile(store);
    },
    get(resource, namespace, name) {
      const r = resolveResource(resource);
      if (!r) throw new Error(`kube-api-double serves no resource called ${resource}`);
      return store.get(r, namespace, name);
    },
    list(resource, namespace) {
      const r = resolveResource(resource);
      if (!r) throw new Error(`kube-api-double serves no resource called ${resource}`);
      return store.list(r, namespace);
    },
    setPodLog(namespace, pod, lines, logOpts = {}) {
      const at = now().toISOString();
      const entries =
        typeof lines === 'string'
          ? lines
              .replace(/\n$/, '')
              .split('\n')
              .map((line) => ({ at, line }))
          : [...lines];
      const spec = store.get(resource('pods'), namespace, pod)?.['spec'];
      const first =
        isRecord(spec) && Array.isArray(spec['containers']) && isRecord(spec['containers'][0])
          ? spec['containers'][0]['name']
          : undefined;
      const container = logOpts.container ?? (typeof first === 'string' ? first : undefined);
      if (container === undefined)
        throw new Error(`setPodLog(): pod ${namespace}/${pod} not found; pass opts.container`);
      store.setLog(namespace, pod, container, logOpts.previous === true, entries);
    },
    inject(fault) {
      faults.push({ fault, remaining: fault.times ?? 1 });
    },
    interleave(interleaving) {
      interleavings.push({ interleaving, seen: 0 });
    },
    clearFaults() {
      faults.length = 0;
      interleavings.length = 0;
    },
    async close() {
      for (const res of watches) res.end();
      await new Promise<void>((resolve, reject) => {
        server.close((e) => {
          if (e) reject(e);
          else resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
