import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  EventsV1Api,
  Observable,
  ServerConfiguration,
  VersionApi,
  HttpMethod,
  createConfiguration,
  setHeaderMiddleware,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
} from '@kubernetes/client-node';
import { Agent, type Dispatcher } from 'undici';

/**
 * client-node 2.x builds a new undici Agent (its own connection pool) for every request when the cluster has
 * TLS settings, so sockets and memory grow with every call (measured: 3,000 reads → +300 MB RSS). kubegate
 * keeps the first dispatcher it builds and reuses it: one keep-alive pool per cluster, as client-go has. A
 * cluster without TLS settings gets none from client-node; kubegate's raw reads then use one of their own.
 */
function reuseDispatcher(): ObservableMiddleware {
  let shared: Dispatcher | undefined;
  return {
    pre: (context: RequestContext) => {
      const built = context.getDispatcher();
      if (shared === undefined) shared = built;
      else if (built !== undefined) context.setDispatcher(shared);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}

/** The API clients kubegate uses, as KubeConfig.makeApiClient makes them plus the dispatcher reuse. */
export function makeApiClients(kc: KubeConfig, server: string) {
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kc },
    middleware: [setHeaderMiddleware('User-Agent', 'kubegate'), reuseDispatcher()],
  });
  return {
    get: rawGetter(configuration),
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    batch: new BatchV1Api(configuration),
    events: new EventsV1Api(configuration),
    version: new VersionApi(configuration),
  };
}

/** A GET whose JSON answer is returned as the API server sent it, or the HTTP status and body of a refusal. */
export type RawGet = (request: RawRequest) => Promise<RawResponse>;
export type RawRequest = {
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly accept: string;
  readonly signal?: AbortSignal;
};
export type RawResponse = { readonly status: number; readonly body: string };

/**
 * The typed list methods deserialise into model classes, which drops a Table's rows and costs time on every read;
 * reads want the server's JSON as it is. This builds the request with client-node's own machinery (the
 * kubeconfig's authentication, the same middleware and therefore the same keep-alive dispatcher) and sends it
 * with undici's plain `request` rather than `fetch`: no WHATWG Request, Headers and stream objects per read.
 */
function rawGetter(configuration: ReturnType<typeof createConfiguration>): RawGet {
  let fallback: Dispatcher | undefined;
  return async ({ path, query = {}, accept, signal }) => {
    let context = configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    for (const [name, value] of Object.entries(query)) context.setQueryParam(name, value);
    context.setHeaderParam('Accept', accept);
    await configuration.authMethods.default?.applySecurityAuthentication(context);
    for (const middleware of configuration.middleware) context = await middleware.pre(context).toPromise();
    const url = new URL(context.getUrl());
    const dispatcher = context.getDispatcher() ?? (fallback ??= new Agent());
    const response = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: context.getHeaders(),
      ...(signal ? { signal } : {}),
    });
    return { status: response.statusCode, body: await response.body.text() };
  };
}
