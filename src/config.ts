import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from './approvals/result.ts';
import { parseDuration } from './duration.ts';

/** `defaulted`: no STORE_URL was given, so the SQLite file is in the per-user data directory. */
export type StoreConfig =
  | { kind: 'sqlite'; path: string; defaulted?: true }
  | { kind: 'redis'; url: string }
  | { kind: 'memory' };
export type ApiToken = { readonly identity: string; readonly token: string };
export type SlackConfig =
  | { mode: 'disabled' }
  | { mode: 'http'; botToken: string; signingSecret: string; channel: string; apiUrl?: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; channel: string; apiUrl?: string };

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  readonly apiTokens: readonly ApiToken[];
  readonly approvers: readonly string[];
  readonly dangerousQuorum: number;
  readonly approvalTtlMs: number;
  readonly sweepIntervalMs: number;
  readonly shutdownGraceMs: number;
  readonly executionTimeoutMs: number;
  readonly protectedNamespaces: readonly string[];
  readonly kubeconfig?: string;
  readonly kubeContext?: string;
  readonly mcpRequester: string;
  /** auto: serve MCP on stdio when stdin is a pipe (an agent spawned kubegate), not a terminal or /dev/null. */
  readonly mcpStdio: 'auto' | 'on' | 'off';
  readonly slack: SlackConfig;
  readonly log: { readonly level: string; readonly pretty: boolean };
};

/** A configuration problem, named by the variable that has it. */
export type ConfigIssue = { readonly variable: string; readonly message: string };

const list = (text: string | undefined): string[] =>
  (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected a duration such as 45s, 30m or 2h, got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

const PRINCIPAL = /^(api|slack|slack-group|mcp):[A-Za-z0-9._@-]+$/;

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
      ctx.addIssue({ code: 'custom', message: `expected sqlite://PATH, redis://HOST:PORT or memory://, got "${url.replace(/\/\/[^@/]*@/, '//***@')}"` });
      return z.NEVER;
    }),
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
          ctx.addIssue({ code: 'custom', message: `expected identity:token pairs with tokens of 16+ characters; entry for "${identity || '?'}" is not` });
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
      for (const p of principals.filter((p) => !PRINCIPAL.test(p))) {
        ctx.addIssue({ code: 'custom', message: `"${p}" is not a principal: use api:NAME, slack:UXXXX or slack-group:SXXXX` });
      }
      return principals;
    }),
  DANGEROUS_QUORUM: z.coerce.number().int().min(1).max(10).default(2),
  APPROVAL_TTL: duration('30m'),
  SWEEP_INTERVAL: duration('15s'),
  SHUTDOWN_GRACE: duration('30s'),
  EXECUTION_TIMEOUT: duration('60s'),
  PROTECTED_NAMESPACES: z.string().default('kube-system').transform(list),
  KUBECONFIG: z.string().min(1).optional(),
  KUBE_CONTEXT: z.string().min(1).optional(),
  MCP_REQUESTER: z.string().regex(PRINCIPAL, 'expected a principal such as mcp:remediation-agent').default('mcp:stdio'),
  MCP_STDIO: z.enum(['auto', 'on', 'off']).default('auto'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starts with xapp-').optional(),
  SLACK_APPROVAL_CHANNEL: z.string().min(1).optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

type Env = z.infer<typeof EnvSchema>;

/** Every variable kubegate reads (.env.example must document each one). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

/** Reads the environment once, the only place kubegate does; every problem names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Result<Config, ConfigIssue[]> {
  // An empty value (`KUBECONFIG=` in a copied .env.example) means unset, not "the empty string".
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')));
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })));
  }
  const e = parsed.data;
  const slack = slackConfig(e);
  const issues = [...(slack.ok ? [] : slack.error), ...exposureIssues(e)];
  if (!slack.ok || issues.length > 0) return err(issues);
  return ok({
    port: e.APPROVAL_PORT,
    host: e.APPROVAL_HOST,
    store: e.STORE_URL ?? { kind: 'sqlite', path: defaultStorePath(env), defaulted: true },
    apiTokens: e.API_TOKENS,
    approvers: e.APPROVERS,
    dangerousQuorum: e.DANGEROUS_QUORUM,
    approvalTtlMs: e.APPROVAL_TTL,
    sweepIntervalMs: e.SWEEP_INTERVAL,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    executionTimeoutMs: e.EXECUTION_TIMEOUT,
    protectedNamespaces: e.PROTECTED_NAMESPACES,
    ...(e.KUBECONFIG === undefined ? {} : { kubeconfig: e.KUBECONFIG }),
    ...(e.KUBE_CONTEXT === undefined ? {} : { kubeContext: e.KUBE_CONTEXT }),
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
  const dataHome = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'kubegate', 'kubegate.db');
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

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

function slackConfig(e: Env): Result<SlackConfig, ConfigIssue[]> {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = e;
  const channel = e.SLACK_APPROVAL_CHANNEL;
  const apiUrl = e.SLACK_API_URL === undefined ? {} : { apiUrl: e.SLACK_API_URL };
  if (botToken === undefined && signingSecret === undefined && appToken === undefined && channel === undefined) {
    return ok({ mode: 'disabled' });
  }
  const missing = (variable: string, why: string): ConfigIssue => ({ variable, message: `is required ${why}` });
  const issues: ConfigIssue[] = [];
  if (botToken === undefined) issues.push(missing('SLACK_BOT_TOKEN', 'to post approval messages'));
  if (channel === undefined) issues.push(missing('SLACK_APPROVAL_CHANNEL', 'to know where approvals are posted'));
  if (appToken === undefined && signingSecret === undefined) {
    issues.push(missing('SLACK_SIGNING_SECRET', 'to verify Slack requests (or set SLACK_APP_TOKEN for Socket Mode)'));
  }
  if (botToken === undefined || channel === undefined || issues.length > 0) return err(issues);
  if (appToken !== undefined) {
    return ok({ mode: 'socket', botToken, appToken, channel, ...apiUrl, ...(signingSecret === undefined ? {} : { signingSecret }) });
  }
  return signingSecret === undefined ? err(issues) : ok({ mode: 'http', botToken, signingSecret, channel, ...apiUrl });
}
