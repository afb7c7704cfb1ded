import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  EventsV1Api,
  Observable,
  ServerConfiguration,
  VersionApi,
  createConfiguration,
  setHeaderMiddleware,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
} from '@kubernetes/client-node';
import { rawGetter } from './raw-get.ts';

/**
 * client-node 2.x builds a new undici Agent (its own connection pool) for every request when the cluster has
 * TLS settings, so sockets and memory grow with every call (measured: 3,000 reads → +300 MB RSS). kubegate
 * keeps the first dispatcher it builds and reuses it: one keep-alive pool per cluster, as client-go has.
 */
function reuseDispatcher(): ObservableMiddleware {
  let shared: ReturnType<RequestContext['getDispatcher']>;
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
    get: rawGetter(kc, server),
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    batch: new BatchV1Api(configuration),
    events: new EventsV1Api(configuration),
    version: new VersionApi(configuration),
  };
}
