import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { isLoopback, type Config } from './config.ts';
import { createMcpHttp } from './mcp/http.ts';
import type { Clock, CommandReader, Executor, Planner } from './approvals/ports.ts';
import { createApprovals } from './approvals/core.ts';
import type { ApprovalRuntime, ApprovalService } from './approvals/service.ts';
import type { KubePorts } from './kube/wiring.ts';
import type { Policy } from './approvals/policy.ts';
import type { PolicyIssue } from './approvals/policy-document.ts';
import type { Result } from './approvals/result.ts';
import { loadPolicy } from './policy-file.ts';
import { policyRouter } from './http/policy-routes.ts';
import { guardBrowserRequests } from './http/browser-guard.ts';
import type { Approval } from './approvals/model.ts';
import { openStores } from './store/open-store.ts';
import type { SlackSurface } from './slack/app.ts';
import { createHttpApp } from './http/app.ts';
import { createAuthenticator } from './http/auth.ts';
import { approvalsRouter } from './http/approvals-routes.ts';
import { auditRouter } from './http/audit-routes.ts';
import { openApiRouter } from './http/openapi.ts';
import { eventStream } from './http/events-routes.ts';
import { webRouter } from './http/web-routes.ts';
import express from 'express';
import { createMetrics } from './observability/metrics.ts';
import { logTransition } from './observability/transition-log.ts';
import type { Logger } from './observability/log.ts';

export type KubegateOptions = {
  readonly config: Config;
  readonly logger: Logger;
  /** Overrides for the Kubernetes ports (tests of the core); by default they come from the kubeconfig. */
  readonly executor?: Executor;
  readonly planner?: Planner;
  readonly reader?: CommandReader;
  readonly clock?: Clock;
  /** The approval policy, when the caller loaded it already (main reports its problems); else loaded here. */
  readonly policy?: Policy;
  /** How long after listening the Kubernetes stack loads unless something needs it sooner; 200 ms (0 over stdio). */
  readonly kubeHeadStartMs?: number;
};

/** The API server in use, or why there is none; known once the Kubernetes stack has loaded. */
export type KubernetesStatus = { readonly description: string; readonly configured: boolean };

export type Kubegate = {
  readonly url: string;
  /**
   * Settles when the Kubernetes stack has loaded, which happens after the port has started answering (see
   * loadKubeAfterHeadStart); waiting on it does not make it load sooner. Never, when kubegate closes first.
   */
  readonly kubernetes: Promise<KubernetesStatus>;
  /** Where the key sealing stored approvals came from (never the key). */
  readonly signingKeySource: string;
  readonly port: number;
  readonly server: Server;
  readonly service: ApprovalService;
  /** Recovery, the expiry sweep and shutdown: the composition root's alone (tests and benchmarks drive it too). */
  readonly runtime: ApprovalRuntime;
  /** The policy in force now. */
  readonly policy: () => Policy;
  /**
   * Reads POLICY_FILE again (SIGHUP). An invalid file keeps the policy in force; pending proposals keep the rules
   * they were created under either way.
   */
  readonly reloadPolicy: () => Result<Policy, PolicyIssue[]>;
  /** The Slack surface, when Slack is configured. */
  readonly slack: SlackSurface | undefined;
  /** Stops accepting, lets running executions finish within the grace period, closes the store. */
  readonly close: () => Promise<void>;
};

/** Composes kubegate and starts listening; `config.port` 0 picks a free port (tests). */
export async function startKubegate(options: KubegateOptions): Promise<Kubegate> {
  const { config, logger } = options;
  // The pending gauge asks the service when scraped, long after it exists; the tamper counter is needed by the store.
  const metrics = createMetrics(async () => (await service.listPending()).length);
  const stores = await openStores(config.store, {
    signingKey: config.storeSigningKey,
    onTampered: (id) => {
      logger.error(
        { approvalId: id },
        'a stored approval failed verification: it was changed outside kubegate and is refused',
      );
      metrics.recordTampered();
    },
  });
  const store = stores.approvals;
  // @kubernetes/client-node is the heaviest stack kubegate loads: the port answers first, and a port that needs the
  // cluster waits for it (see the head start below).
  let kubeLoading: Promise<KubePorts> | undefined;
  const kube = (): Promise<KubePorts> =>
    (kubeLoading ??= import('./kube/wiring.ts').then((m) => m.createKubePorts(config, logger)));
  let policy = options.policy ?? policyOrThrow(config);
  const { service, runtime } = createApprovals({
    store,
    policy: () => policy,
    planner: options.planner ?? { plan: async (input) => (await kube()).planner.plan(input) },
    executor: options.executor ?? {
      execute: async (approval, signal) => (await kube()).executor.execute(approval, signal),
    },
    reader: options.reader ?? {
      runIfRead: async (command, namespace) => (await kube()).reader.runIfRead(command, namespace),
    },
    ttlMs: config.approvalTtlMs,
    leases: stores.coordination.leases,
    changes: stores.changes,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  // The replica that committed a change logs and counts it.
  service.subscribe(
    (change) => {
      logTransition(logger, change);
      metrics.record(change);
    },
    { remote: false },
  );

  // Slack listens before recovery, so an approval interrupted by a crash has its message say so.
  // Bolt is loaded only when Slack is configured.
  const slack =
    config.slack.mode === 'disabled'
      ? undefined
      : (await import('./slack/app.ts')).createSlackSurface({
          config: config.slack,
          service,
          logger,
          kv: stores.keyv('kubegate-slack'),
          claim: (key, ttlMs) => stores.coordination.claim(key, ttlMs),
          // Every message names the cluster it would change: CLUSTER_NAME, else the kubeconfig context.
          cluster: config.clusterName ?? (await kube()).cluster?.context,
        });
  slack?.listen();

  const interrupted = await runtime.recoverInterrupted(stores.coordination.strandedAfterMs);
  if (interrupted > 0)
    logger.warn({ interrupted }, 'marked approvals left mid-execution as interrupted; none is re-run');
  const expired = await runtime.sweepExpired();
  if (expired > 0) logger.info({ expired }, 'expired overdue proposals');

  const authenticate = createAuthenticator(config.apiTokens);
  const mcpHttp = createMcpHttp({
    service,
    authenticate,
    loopback: isLoopback(config.host),
    ...(slack ? { permalink: (a: Approval) => slack.notifier.permalink(a) } : {}),
  });
  const browserGuard = guardBrowserRequests({
    loopbackBind: isLoopback(config.host),
    allowedHosts: config.allowedHosts,
  });
  const events = eventStream({ service });
  const app = createHttpApp({
    logger,
    authenticate,
    browserGuard,
    // Bolt's receiver verifies signatures over the raw body: it goes before any JSON parser.
    routers: [
      openApiRouter(),
      webRouter({ guard: browserGuard }),
      ...(slack?.router ? [slack.router] : []),
      mcpHttp.router,
    ],
    api: express
      .Router()
      .use(approvalsRouter({ service }), policyRouter({ service }), auditRouter({ service }), events.router),
    metrics: metrics.exposition,
    // Only the store decides readiness: with the API server down, decisions and history still work.
    readiness: async () => ({
      store: await store.ping().then(
        () => 'ok',
        (e: unknown) => `unreachable: ${e instanceof Error ? e.message : String(e)}`,
      ),
      kubernetes: await (await kube()).check(),
    }),
  });
  const server = createServer(app);
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const kubernetes = loadKubeAfterHeadStart(server, kube, options.kubeHeadStartMs ?? KUBE_HEAD_START_MS);
  await slack?.start().catch((error: unknown) => {
    logger.error({ err: error }, 'Slack did not start: approvals stay decidable over REST and MCP');
  });

  // Every replica sweeps; each transition is a compare-and-set, so an expiry or an interruption happens once.
  const sweeper = setInterval(() => {
    Promise.all([
      runtime.sweepExpired(),
      runtime.recoverInterrupted(stores.coordination.strandedAfterMs),
    ]).catch((error: unknown) => {
      logger.error({ err: error }, 'expiry and recovery sweep failed');
    });
  }, config.sweepIntervalMs);
  sweeper.unref();

  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    kubernetes: kubernetes.status,
    signingKeySource: stores.signingKeySource,
    url: `http://${host}:${port}`,
    port,
    server,
    service,
    runtime,
    policy: () => policy,
    reloadPolicy() {
      const loaded = loadPolicy(config);
      if (loaded.ok) policy = loaded.value;
      return loaded;
    },
    slack,
    async close() {
      clearInterval(sweeper);
      kubernetes.cancel();
      events.close();
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      server.closeIdleConnections();
      await mcpHttp.close();
      await runtime.drain(config.shutdownGraceMs);
      // Give Slack a moment to show the final states; an outage must not hold the shutdown hostage.
      if (slack) await Promise.race([slack.notifier.idle(), delay(Math.min(config.shutdownGraceMs, 5000))]);
      await slack?.stop();
      server.closeAllConnections();
      await closed;
      await store.close();
      await stores.close();
    },
  };
}

/**
 * Loading @kubernetes/client-node takes longer than everything before the port listens, and JavaScript runs one
 * thing at a time: loaded right after listen, it held the first answer (a probe, a Slack event) until it was done.
 * So it loads once the first request has been answered, or KUBE_HEAD_START_MS after listening, whichever comes
 * first, and at once when a request needs the cluster before that (a proposal, a read, /readyz).
 */
const KUBE_HEAD_START_MS = 200;

function loadKubeAfterHeadStart(
  server: Server,
  kube: () => Promise<KubePorts>,
  headStartMs: number,
): { status: Promise<KubernetesStatus>; cancel: () => void } {
  const status = Promise.withResolvers<KubernetesStatus>();
  // Whoever awaits the status sees a failure; nobody awaiting it is not a crash (a request that needs the
  // cluster gets its own error).
  status.promise.catch(() => undefined);
  let decided = false;
  // Once loading or closing: no trigger fires again.
  const stopWaiting = (): void => {
    decided = true;
    clearTimeout(headStart);
    server.off('request', onFirstRequest);
  };
  const load = (): void => {
    if (decided) return;
    stopWaiting();
    kube().then(({ description, cluster }) => {
      status.resolve({ description, configured: cluster !== undefined });
    }, status.reject);
  };
  // setImmediate: after the answer has gone out, not inside the response's own callbacks.
  const onFirstRequest = (_request: unknown, response: ServerResponse): void => {
    response.once('close', () => setImmediate(load));
  };
  const headStart = setTimeout(load, headStartMs);
  server.once('request', onFirstRequest);
  return { status: status.promise, cancel: stopWaiting };
}

function policyOrThrow(config: Config): Policy {
  const loaded = loadPolicy(config);
  if (loaded.ok) return loaded.value;
  throw new Error(
    `the approval policy is invalid: ${loaded.error.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  );
}
