import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as z from 'zod';
import { err, ok, type Result } from './approvals/result.ts';
import { parseDuration } from './duration.ts';

/** `defaulted`: no STORE_URL was given, so the SQLite file is in the per-user data directory. */
export type StoreConfig =
  { kind: 'sqlite'; path: string; defaulted?: true } | { kind: 'redis'; url: string } | { kind: 'memory' };
export type ApiToken = { readonly identity: string; readonly token: string };
export type SlackConfig =
  | { mode: 'disabled' }
  | {
      mode: 'http';
      botToken: string;
      signingSecret: string;
      channel: string;
      apiUrl?: string;
      teamId?: string;
    }
  | {
      mode: 'socket';
      botToken: string;
      appToken: string;
      signingSecret?: string;
      channel: string;
      apiUrl?: string;
      teamId?: string;
    };

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  /** Key of the MAC over stored approvals (STORE_SIGNING_KEY); unset: generated for memory and SQLite. */
  readonly storeSigningKey?: string;
  readonly apiTokens: readonly ApiToken[];
  readonly approvers: readonly string[];
  readonly dangerousQuorum: number;
  /** The approval policy file (POLICY_FILE); when unset, APPROVERS and DANGEROUS_QUORUM are the policy. */
  readonly policyFile?: string;
  /**
   * No API_TOKENS and no Slack: every caller is the one local user on loopback, who may approve their own
   * proposals (there is nobody else). Anything configured beyond that makes requester ≠ approver absolute.
   */
  readonly singleLocalUser: boolean;
  /** Host names (besides loopback names) the HTTP API answers to: the DNS-rebinding defence. */
  readonly allowedHosts: readonly string[];
  readonly approvalTtlMs: number;
  readonly sweepIntervalMs: number;
  readonly shutdownGraceMs: number;
  readonly executionTimeoutMs: number;
  readonly protectedNamespaces: readonly string[];
  /** Namespaces whose ConfigMap values reads may show; everywhere else they are redacted. */
  readonly readConfigMapNamespaces: readonly string[];
  readonly kubeconfig?: string;
  readonly kubeContext?: string;
  /** The cluster's name in every Slack message (CLUSTER_NAME); unset: the kubeconfig's current context. */
  readonly clusterName?: string;
  readonly mcpRequester: string;
  /** auto: serve MCP on stdio when stdin is a pipe (an agent spawned kubegate), not a terminal or /dev/null. */
  readonly mcpStdio: 'auto' | 'on' | 'off';
  readonly slack: SlackConfig;
  readonly log: { readonly level: string; readonly pretty: boolean };
};

/** A configuration problem, named by the variable that has it. */
export type ConfigIssue = { readonly variable: string; readonly message: string };

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a duration such as 45s, 30m or 2h, got "${text}"`,
        });
        return z.NEVER;
      }
      return ms;
    });

const PRINCIPAL = /^(api|slack|slack-group|mcp):[A-Za-z0-9._@-]+$/;
const APPROVER = /^(\*|(api|slack|slack-group|mcp|email):[A-Za-z0-9._@+-]+)$/;

const EnvSchema = z.object({
  APPROVAL_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  APPROVAL_HOST: z.string().min(1).default('127.0.0.1'),
  STORE_URL: z
    .string()
    .optional()
    .transform((url, ctx): StoreConfig | undefined => {
      if (url === undefined) return undefined;
      if (url === 'memory://') return { kind: 'memory' };
      if (url.startsWith('sqlite://') && url.length > 'sqlite://'.length) {
        return { kind: 'sqlite', path: url.slice('sqlite://'.length) };
      }
      if (/^rediss?:\/\/[^/\s]+/.test(url)) return { kind: 'redis', url };
      ctx.addIssue({
        code: 'custom',
        message: `expected sqlite://PATH, redis://HOST:PORT or memory://, got "${url.replace(/\/\/[^@/]*@/, '//***@')}"`,
      });
      return z.NEVER;
    }),
  STORE_SIGNING_KEY: z
    .string()
    .optional()
    // The key itself is never echoed: this message may end up in a log.
    .refine(
      (key) => key === undefined || Buffer.byteLength(key, 'utf8') >= 32,
      'must be at least 32 bytes, e.g. the output of `openssl rand -base64 48`',
    ),
  API_TOKENS: z
    .string()
    .optional()
    .transform((text, ctx): ApiToken[] =>
      list(text).flatMap((pair) => {
        const at = pair.indexOf(':');
        const identity = pair.slice(0, at);
        const token = pair.slice(at + 1);
        if (at <= 0 || !/^[A-Za-z0-9._@-]+$/.test(identity) || token.length < 16) {
          // The token itself is never echoed: this message may end up in a log.
          ctx.addIssue({
            code: 'custom',
            message: `expected identity:token pairs with tokens of 16+ characters; entry for "${identity || '?'}" is not`,
          });
          return [];
        }
        return [{ identity, token }];
      }),
    ),
  APPROVERS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const principals = list(text);
      for (const p of principals.filter((p) => !APPROVER.test(p))) {
        ctx.addIssue({
          code: 'custom',
          message: `"${p}" is not a principal: use api:NAME, slack:UXXXX, slack-group:SXXXX, email:ADDRESS, or * alone`,
        });
      }
      if (principals.includes('*') && principals.length > 1) {
        ctx.addIssue({
          code: 'custom',
          message:
            '"*" (anyone authenticated but the requester) stands alone: it already includes everyone listed with it',
        });
      }
      return principals;
    }),
  POLICY_FILE: z.string().min(1).optional(),
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const hosts = list(text).map((h) => h.toLowerCase());
      for (const h of hosts.filter((h) => !/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(h))) {
        ctx.addIssue({
          code: 'custom',
          message: `"${h}" is not a host name (give names without scheme or port, e.g. kubegate.example.com)`,
        });
      }
      return hosts;
    }),
  DANGEROUS_QUORUM: z.coerce.number().int().min(1).max(10).default(2),
  APPROVAL_TTL: duration('30m'),
  SWEEP_INTERVAL: duration('15s'),
  SHUTDOWN_GRACE: duration('30s'),
  EXECUTION_TIMEOUT: duration('60s'),
  PROTECTED_NAMESPACES: z.string().default('kube-system').transform(list),
  READ_CONFIGMAP_NAMESPACES: z.string().default('').transform(list),
  KUBECONFIG: z.string().min(1).optional(),
  KUBE_CONTEXT: z.string().min(1).optional(),
  CLUSTER_NAME: z
    .string()
    .max(80, 'keep the cluster name under 80 characters: it is in every Slack notification')
    .optional(),
  MCP_REQUESTER: z
    .string()
    .regex(PRINCIPAL, 'expected a principal such as mcp:remediation-agent')
    .default('mcp:stdio'),
  MCP_STDIO: z.enum(['auto', 'on', 'off']).default('auto'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starts with xapp-').optional(),
  SLACK_APPROVAL_CHANNEL: z.string().min(1).optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_TEAM_ID: z
    .string()
    .regex(/^[TE][A-Z0-9]{2,}$/, 'a workspace id looks like T0123ABCD (or E… for an Enterprise Grid)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

type Env = z.infer<typeof EnvSchema>;

/** Every variable kubegate reads (.env.example must document each one). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

/** Reads the environment once, the only place kubegate does; every problem names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Result<Config, ConfigIssue[]> {
  // An empty value (`KUBECONFIG=` in a copied .env.example) means unset, not "the empty string".
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')),
  );
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })),
    );
  }
  const e = parsed.data;
  const slack = slackConfig(e);
  const issues = [
    ...(slack.ok ? [] : slack.error),
    ...exposureIssues(e),
    ...signingKeyIssues(e),
    ...approverIssues(e),
  ];
  if (!slack.ok || issues.length > 0) return err(issues);
  return ok({
    port: e.APPROVAL_PORT,
    host: e.APPROVAL_HOST,
    store: e.STORE_URL ?? { kind: 'sqlite', path: defaultStorePath(env), defaulted: true },
    ...(e.STORE_SIGNING_KEY === undefined ? {} : { storeSigningKey: e.STORE_SIGNING_KEY }),
    apiTokens: e.API_TOKENS,
    approvers: e.APPROVERS,
    dangerousQuorum: e.DANGEROUS_QUORUM,
    ...(e.POLICY_FILE === undefined ? {} : { policyFile: e.POLICY_FILE }),
    singleLocalUser: isSingleLocalUser(e),
    allowedHosts: e.ALLOWED_HOSTS,
    approvalTtlMs: e.APPROVAL_TTL,
    sweepIntervalMs: e.SWEEP_INTERVAL,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    executionTimeoutMs: e.EXECUTION_TIMEOUT,
    protectedNamespaces: e.PROTECTED_NAMESPACES,
    readConfigMapNamespaces: e.READ_CONFIGMAP_NAMESPACES,
    ...(e.KUBECONFIG === undefined ? {} : { kubeconfig: e.KUBECONFIG }),
    ...(e.KUBE_CONTEXT === undefined ? {} : { kubeContext: e.KUBE_CONTEXT }),
    ...(e.CLUSTER_NAME === undefined ? {} : { clusterName: e.CLUSTER_NAME.trim() }),
    mcpRequester: e.MCP_REQUESTER,
    mcpStdio: e.MCP_STDIO,
    slack: slack.value,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_FORMAT === 'pretty' },
  });
}

/**
 * An MCP client launches kubegate from whatever directory it likes: the default store must not land there.
 * It lives in the per-user data directory, `$XDG_DATA_HOME/kubegate` (a relative XDG_DATA_HOME is ignored, as the
 * XDG specification says), else `~/.local/share/kubegate`.
 * @see https://specifications.freedesktop.org/basedir-spec/latest/
 */
export function defaultStorePath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_DATA_HOME;
  const dataHome =
    xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'kubegate', 'kubegate.db');
}

const isSingleLocalUser = (e: Env): boolean =>
  e.API_TOKENS.length === 0 &&
  e.SLACK_BOT_TOKEN === undefined &&
  e.SLACK_APP_TOKEN === undefined &&
  e.SLACK_SIGNING_SECRET === undefined;

/**
 * Secure by default: once anyone but the local user can call (tokens) or click (Slack), who may decide must be
 * said explicitly. `APPROVERS=*` is the deliberate "anyone authenticated but the requester".
 */
function approverIssues(e: Env): ConfigIssue[] {
  if (e.POLICY_FILE !== undefined && e.APPROVERS.length > 0) {
    return [
      {
        variable: 'APPROVERS',
        message: 'is the one-rule shorthand for a policy: set APPROVERS or POLICY_FILE, not both',
      },
    ];
  }
  if (isSingleLocalUser(e) || e.POLICY_FILE !== undefined || e.APPROVERS.length > 0) return [];
  return [
    {
      variable: 'APPROVERS',
      message:
        'is required once API_TOKENS or Slack is configured: say who may decide (e.g. APPROVERS=api:alice,slack-group:S0SRE), give a POLICY_FILE, or set APPROVERS=* to let anyone authenticated but the requester decide',
    },
  ];
}

/** Without tokens every caller is `api:local`; that is only safe when nobody else can reach the port. */
function exposureIssues(e: Env): ConfigIssue[] {
  if (e.API_TOKENS.length > 0 || isLoopback(e.APPROVAL_HOST)) return [];
  return [
    {
      variable: 'APPROVAL_HOST',
      message: `refusing to listen on ${e.APPROVAL_HOST} without API_TOKENS: anyone who reaches the port could approve. Set API_TOKENS or bind to 127.0.0.1`,
    },
  ];
}

/**
 * Redis is shared over the network: whoever can write it could rewrite a pending approval, so its records must be
 * sealed with a key it never sees. A key generated per replica would not verify on the others.
 */
function signingKeyIssues(e: Env): ConfigIssue[] {
  if (e.STORE_URL?.kind !== 'redis' || e.STORE_SIGNING_KEY !== undefined) return [];
  return [
    {
      variable: 'STORE_SIGNING_KEY',
      message:
        'is required with a Redis store (32+ bytes, the same on every replica), so a write to Redis cannot change what runs',
    },
  ];
}

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

function slackConfig(e: Env): Result<SlackConfig, ConfigIssue[]> {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = e;
  const channel = e.SLACK_APPROVAL_CHANNEL;
  const apiUrl = {
    ...(e.SLACK_API_URL === undefined ? {} : { apiUrl: e.SLACK_API_URL }),
    ...(e.SLACK_TEAM_ID === undefined ? {} : { teamId: e.SLACK_TEAM_ID }),
  };
  if (
    botToken === undefined &&
    signingSecret === undefined &&
    appToken === undefined &&
    channel === undefined
  ) {
    return ok({ mode: 'disabled' });
  }
  const missing = (variable: string, why: string): ConfigIssue => ({
    variable,
    message: `is required ${why}`,
  });
  const issues: ConfigIssue[] = [];
  if (botToken === undefined) issues.push(missing('SLACK_BOT_TOKEN', 'to post approval messages'));
  if (channel === undefined)
    issues.push(missing('SLACK_APPROVAL_CHANNEL', 'to know where approvals are posted'));
  if (appToken === undefined && signingSecret === undefined) {
    issues.push(
      missing('SLACK_SIGNING_SECRET', 'to verify Slack requests (or set SLACK_APP_TOKEN for Socket Mode)'),
    );
  }
  if (botToken === undefined || channel === undefined || issues.length > 0) return err(issues);
  if (appToken !== undefined) {
    return ok({
      mode: 'socket',
      botToken,
      appToken,
      channel,
      ...apiUrl,
      ...(signingSecret === undefined ? {} : { signingSecret }),
    });
  }
  return signingSecret === undefined
    ? err(issues)
    : ok({ mode: 'http', botToken, signingSecret, channel, ...apiUrl });
}
