import { isLoopback, type Config, type StoreConfig } from './config.ts';
import type { Logger } from './observability/log.ts';
import type { KubernetesStatus } from './app.ts';
import { ANYONE, type Policy } from './approvals/policy.ts';
import { assertNever } from './approvals/result.ts';

/** One clear account at start-up of what runs, what is disabled, and what is unsafe. */
export function describeStartup(
  logger: Logger,
  config: Config,
  kubegate: {
    url: string;
    signingKeySource: string;
    policy: () => Policy;
  },
): void {
  const { url } = kubegate;
  const store = describeStore(config.store);
  logger.info({ url, store, slack: config.slack.mode }, `kubegate listening on ${url}`);
  logger.info(
    { signingKey: kubegate.signingKeySource },
    `stored approvals are sealed with an HMAC; its key: ${kubegate.signingKeySource}`,
  );
  if (config.apiTokens.length === 0) {
    logger.warn(
      `API_TOKENS is not set: REST callers are unauthenticated and act as api:local (allowed on loopback only)`,
    );
  }
  describePolicy(logger, config, kubegate.policy());
  if (config.slack.mode === 'http')
    logger.info(`Slack: HTTP mode, requests at ${url}/slack/events, approvals in ${config.slack.channel}`);
  if (config.slack.mode === 'socket') logger.info(`Slack: Socket Mode, approvals in ${config.slack.channel}`);
  if (config.slack.mode === 'disabled') {
    logger.info(
      'Slack is disabled: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_APPROVAL_CHANNEL to post approvals',
    );
  }
}

/** The cluster, once the Kubernetes stack has loaded (after the port answers: src/app.ts). */
export function describeKubernetes(logger: Logger, kubernetes: KubernetesStatus): void {
  if (kubernetes.configured) logger.info(`Kubernetes: ${kubernetes.description}`);
  else {
    logger.warn(
      `Kubernetes is disabled: ${kubernetes.description}. Proposals and reads are refused until KUBECONFIG points at a cluster`,
    );
  }
}

/** The store as the start-up report names it: its kind and where it is, never a password. */
export function describeStore(store: StoreConfig): string {
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

/** Who decides, said plainly: the one place an operator learns that the gate is wide open, or how it is shut. */
function describePolicy(logger: Logger, config: Config, policy: Policy): void {
  const rules = policy.rules.map((r) => `${r.name} (quorum ${r.quorum})`).join(', ');
  logger.info({ policy: policy.source, rules }, `approval policy from ${policy.source}: ${rules}`);
  if (policy.selfApproval === 'single-local-user') {
    logger.warn(
      'single local user mode (no API_TOKENS, no Slack): every caller is api:local on loopback and may approve their own proposals. Configure API_TOKENS or Slack, with APPROVERS or POLICY_FILE, to require another person',
    );
  } else if (policy.rules.some((r) => r.approvers.includes(ANYONE))) {
    logger.warn(
      { rules: policy.rules.filter((r) => r.approvers.includes(ANYONE)).map((r) => r.name) },
      'approvers "*": anyone authenticated except the requester may decide (explicit opt-in)',
    );
  }
  if (config.allowedHosts.length === 0 && !isLoopback(config.host)) {
    logger.info(
      'ALLOWED_HOSTS is not set: the API answers to any Host name (bearer tokens protect it; browsers never send them cross-site)',
    );
  }
}
