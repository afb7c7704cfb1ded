import { App, ExpressReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import express from 'express';
import type { Keyv } from 'keyv';
import type { ApprovalService } from '../approvals/service.ts';
import type { SlackConfig } from '../config.ts';
import type { Logger } from '../observability/log.ts';
import { createActorResolver } from './actors.ts';
import { onlyFromWorkspace, type Workspace } from './workspace.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { processEventErrorHandler } from './receiver-errors.ts';
import { refuseSkewedRequests } from './request-age.ts';
import { registerListeners } from './listeners/index.ts';
import { keyvMessageRefs } from './message-refs.ts';
import { createSlackNotifier, type SlackNotifier } from './notifier.ts';
import { createHomeTab } from './home-tab.ts';

export type SlackSurface = {
  /** Bolt's receiver at /slack/events (HTTP mode), to mount before any JSON body parser. */
  readonly router?: express.Router;
  readonly notifier: SlackNotifier;
  /** Starts rendering the core's changes (queued until Slack answers). */
  listen(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
};

const EVENTS_PATH = '/slack/events';

type SlackDeps = {
  readonly config: Exclude<SlackConfig, { mode: 'disabled' }>;
  readonly service: ApprovalService;
  readonly logger: Logger;
  readonly kv: Keyv;
  readonly claim: (key: string, ttlMs: number) => Promise<boolean>;
  /** CLUSTER_NAME, else the kubeconfig context: named in every message. */
  readonly cluster?: string | undefined;
};

/** Slack as a surface (buttons, modal, /k8s-pending) and as a listener (the notifier) on one Bolt app. */
export function createSlackSurface(deps: SlackDeps): SlackSurface {
  const { config, logger } = deps;
  const boltLogger = toBoltLogger(logger);
  // kubegate's outbox retries (in order, honouring Retry-After); the client itself must not sit on a 429.
  const clientOptions: WebClientOptions = {
    ...(config.apiUrl === undefined ? {} : { slackApiUrl: config.apiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
  const receiver: Receiver & { router?: express.Router } =
    config.mode === 'http'
      ? new ExpressReceiver({
          signingSecret: config.signingSecret,
          endpoints: EVENTS_PATH,
          logger: boltLogger,
          processBeforeResponse: false,
          processEventErrorHandler: processEventErrorHandler(logger),
        })
      : new SocketModeReceiver({
          appToken: config.appToken,
          logger: boltLogger,
          installerOptions: { clientOptions },
        });
  const app = new App({
    token: config.botToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    deferInitialization: true,
  });
  const refs = keyvMessageRefs(deps.kv);
  // Known from SLACK_TEAM_ID at once, else from auth.test at start; until then Slack decides nothing.
  let workspace: Workspace | undefined = config.teamId === undefined ? undefined : { teamId: config.teamId };
  app.use(onlyFromWorkspace(() => workspace));
  const resolveActor = createActorResolver(app.client, () => deps.service.policy());
  const home = createHomeTab({
    client: app.client,
    service: deps.service,
    resolveActor,
    refs,
    logger,
    cluster: deps.cluster,
  });
  registerListeners(app, { service: deps.service, refs, logger, resolveActor, cluster: deps.cluster, home });
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
    await Promise.resolve();
  });
  const notifier = createSlackNotifier({
    client: app.client,
    channel: config.channel,
    service: deps.service,
    refs,
    logger,
    claim: deps.claim,
    cluster: deps.cluster,
    onChange: () => {
      home.changed();
    },
  });
  let unsubscribe: (() => void) | undefined;

  return {
    ...(receiver.router === undefined
      ? {}
      : { router: express.Router().use(refuseSkewedRequests(EVENTS_PATH, logger), receiver.router) }),
    notifier,
    listen() {
      unsubscribe ??= notifier.start();
    },
    async start() {
      unsubscribe ??= notifier.start();
      await app.init();
      const auth = await app.client.auth.test();
      if (config.teamId !== undefined && auth.team_id !== config.teamId) {
        logger.warn(
          { configured: config.teamId, token: auth.team_id },
          "SLACK_TEAM_ID differs from the bot token's workspace: decisions are taken from SLACK_TEAM_ID only",
        );
      }
      const teamId = config.teamId ?? auth.team_id;
      if (teamId !== undefined)
        workspace = { teamId, ...(auth.enterprise_id ? { enterpriseId: auth.enterprise_id } : {}) };
      logger.info(
        { teamId: workspace?.teamId, enterpriseId: workspace?.enterpriseId },
        'Slack: decisions are accepted from this workspace only',
      );
      await notifier.reconcile();
      if (config.mode === 'socket') await app.start();
    },
    async stop() {
      unsubscribe?.();
      home.stop();
      notifier.stop();
      if (config.mode === 'socket') await app.stop();
    },
  };
}
