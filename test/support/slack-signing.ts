/**
 * Requests signed exactly as Slack signs them, and the payloads Slack sends, with Slack's own field names.
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { APP_ID, TEAM_ID } from './slack-api-double.ts';

export const TEAM_DOMAIN = 'kubegate-test';
export const RESPONSE_URL = 'https://hooks.slack.com/actions/T0001/1/x';

/** The two headers Slack adds: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret. */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestampSeconds?: number,
): Record<string, string> {
  const ts = String(timestampSeconds ?? Math.floor(Date.now() / 1000));
  const hex = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': `v0=${hex}` };
}

export type SlackRequestBody =
  { kind: 'json'; payload: object } | { kind: 'form'; fields: Record<string, string> };
export type SlackResponse = { status: number; text: string; json: unknown; ms: number };

/**
 * POSTs a signed body to a Slack receiver (e.g. Bolt's `/slack/events`). The signature covers the exact bytes sent.
 * `signature` overrides the computed one to forge a request; `retryNum` marks it as Slack's redelivery.
 */
export async function sendSlackRequest(
  url: string,
  secret: string,
  body: SlackRequestBody,
  opts: { timestampSeconds?: number; signature?: string; retryNum?: number } = {},
): Promise<SlackResponse> {
  const raw =
    body.kind === 'json' ? JSON.stringify(body.payload) : new URLSearchParams(body.fields).toString();
  const headers: Record<string, string> = {
    'Content-Type': body.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(secret, raw, opts.timestampSeconds),
  };
  if (opts.signature !== undefined) headers['X-Slack-Signature'] = opts.signature;
  if (opts.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(opts.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: raw });
  const text = await res.text();
  const ms = performance.now() - started;
  const isJson = (res.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: res.status, text, json: isJson ? JSON.parse(text) : undefined, ms };
}

/** A fresh id shaped like Slack's trigger ids (`<digits>.<digits>.<hex>`). */
export function newTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
}

const actionTs = (): string => (Date.now() / 1000).toFixed(6);
const userOf = (id: string, name: string, teamId: string) => ({ id, username: name, name, team_id: teamId });

/** Form fields of a `block_actions` interaction (a button click), sent by Slack as `payload=<json>`. */
export function blockActionPayload(opts: {
  userId: string;
  userName?: string;
  actionId: string;
  value: string;
  blockId?: string;
  channelId: string;
  messageTs: string;
  triggerId?: string;
  teamId?: string;
  buttonText?: string;
  message?: { text: string; blocks?: unknown[] };
  responseUrl?: string;
  /** A click in the app's Home tab: a `view` container and no channel. */
  fromHome?: boolean;
}): Record<string, string> {
  const teamId = opts.teamId ?? TEAM_ID;
  const payload = {
    type: 'block_actions',
    user: userOf(opts.userId, opts.userName ?? opts.userId.toLowerCase(), teamId),
    api_app_id: APP_ID,
    token: 'legacy',
    container: {
      type: 'message',
      message_ts: opts.messageTs,
      channel_id: opts.channelId,
      is_ephemeral: false,
    },
    trigger_id: opts.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: opts.channelId, name: `c-${opts.channelId.toLowerCase()}` },
    message: {
      type: 'message',
      ts: opts.messageTs,
      text: opts.message?.text ?? '',
      blocks: opts.message?.blocks ?? [],
    },
    state: { values: {} },
    response_url: opts.responseUrl ?? RESPONSE_URL,
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: opts.blockId ?? 'actions',
        value: opts.value,
        text: { type: 'plain_text', text: opts.buttonText ?? 'Approve', emoji: true },
        action_ts: actionTs(),
      },
    ],
  };
  if (opts.fromHome === true) {
    const home = {
      ...payload,
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home', team_id: teamId },
      channel: undefined,
      message: undefined,
    };
    return { payload: JSON.stringify(home) };
  }
  return { payload: JSON.stringify(payload) };
}

/** Form fields of a `view_submission` (a modal's submit), sent by Slack as `payload=<json>`. */
export function viewSubmissionPayload(opts: {
  userId: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, { type: 'plain_text_input'; value: string }>>;
  viewId?: string;
}): Record<string, string> {
  const viewId = opts.viewId ?? 'V00000001';
  const payload = {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: userOf(opts.userId, opts.userId.toLowerCase(), TEAM_ID),
    api_app_id: APP_ID,
    token: 'legacy',
    trigger_id: newTriggerId(),
    view: {
      id: viewId,
      team_id: TEAM_ID,
      type: 'modal',
      blocks: [],
      private_metadata: opts.privateMetadata,
      callback_id: opts.callbackId,
      state: { values: opts.values },
      hash: `${Math.floor(Date.now() / 1000)}.abcdef12`,
      title: { type: 'plain_text', text: 'kubegate', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: APP_ID,
      external_id: '',
      app_installed_team_id: TEAM_ID,
      bot_id: 'B0001',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return { payload: JSON.stringify(payload) };
}

/** The form fields Slack POSTs for a slash command, no more and no fewer. */
export function slashCommandFields(opts: {
  userId: string;
  command: string;
  text: string;
  channelId: string;
  triggerId?: string;
  responseUrl?: string;
}): Record<string, string> {
  return {
    token: 'legacy',
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: opts.channelId,
    channel_name: `c-${opts.channelId.toLowerCase()}`,
    user_id: opts.userId,
    user_name: opts.userId.toLowerCase(),
    command: opts.command,
    text: opts.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: opts.responseUrl ?? 'https://hooks.slack.com/commands/T0001/1/x',
    trigger_id: opts.triggerId ?? newTriggerId(),
  };
}
