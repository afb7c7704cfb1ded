import type { Config, StoreConfig } from './config.ts';
import type { Logger } from './observability/log.ts';
import { assertNever } from './approvals/result.ts';

/** One clear account at start-up of what runs, what is disabled, and what is unsafe. */
export function describeStartup(logger: Logger, config: Config, kubegate: { url: string; kubernetes: string; clusterConfigured: boolean }): void {
  const { url } = kubegate;
  const store = describeStore(config.store);
  logger.info({ url, store, slack: config.slack.mode }, `kubegate listening on ${url}`);
  if (config.apiTokens.length === 0) {
    logger.warn(`API_TOKENS is not set: REST callers are unauthenticated and act as api:local (allowed on loopback only)`);
  }
  if (config.approvers.length === 0) {
    logger.warn(
      'APPROVERS is not set: ANY authenticated caller may approve or reject proposals. Set APPROVERS (e.g. api:alice,slack:U0123) to restrict who decides',
    );
  }
  if (kubegate.clusterConfigured) logger.info(`Kubernetes: ${kubegate.kubernetes}`);
  else {
    logger.warn(`Kubernetes is disabled: ${kubegate.kubernetes}. Proposals and reads are refused until KUBECONFIG points at a cluster`);
  }
  if (config.slack.mode === 'http') logger.info(`Slack: HTTP mode, requests at ${url}/slack/events, approvals in ${config.slack.channel}`);
  if (config.slack.mode === 'socket') logger.info(`Slack: Socket Mode, approvals in ${config.slack.channel}`);
  if (config.slack.mode === 'disabled') {
    logger.info('Slack is disabled: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_APPROVAL_CHANNEL to post approvals');
  }
}

function describeStore(store: StoreConfig): string {
  switch (store.kind) {
    case 'sqlite':
      return store.defaulted === true
        ? `sqlite (${store.path}: the per-user default; set STORE_URL to choose another place)`
        : `sqlite (${store.path})`;
    case 'redis':
      // The URL may carry a password: only its host is shown.
      return `redis (${new URL(store.url).host})`;
    case 'memory':
      return 'memory (nothing survives a restart)';
    default:
      return assertNever(store);
  }
}
