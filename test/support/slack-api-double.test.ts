/**
 * Fidelity of the Slack doubles, checked with Slack's own SDKs: the WebClient against the Web API double,
 * Bolt's verifier and receiver against the signing helper, and the SocketModeClient against the Socket Mode double.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  App,
  LogLevel,
  isValidSlackRequest,
  verifySlackRequest,
  type BlockAction,
  type ButtonAction,
} from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRequestError,
  WebClient,
  WebClientEvent,
  type Button,
  type ContextBlock,
  type KnownBlock,
  type Logger,
  type ModalView,
} from '@slack/web-api';
import { messageKey, startSlackApiDouble, type SlackApiDouble } from './slack-api-double.ts';
import {
  blockActionPayload,
  sendSlackRequest,
  signSlackRequest,
  slashCommandFields,
  viewSubmissionPayload,
} from './slack-signing.ts';
import { startSocketModeDouble } from './socket-mode-double.ts';

const BOT_TOKEN = 'xoxb-test-bot';
// WebClient logs Slack's `response_metadata.messages` at error level; the refusals below are expected ones.
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
const APP_TOKEN = 'xapp-1-A0001-1-test';
const SECRET = 'test-signing-secret';

/** A rejection check for Slack's `ok: false` answers, which WebClient turns into WebAPIPlatformError. */
const slackError =
  (error: string) =>
  (e: unknown): true => {
    assert.ok(e instanceof WebAPIPlatformError, `expected a platform error, got ${String(e)}`);
    assert.equal(e.data.error, error);
    return true;
  };

const button = (actionId: string, extra: Partial<Button> = {}): Button => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text: 'Approve' },
  value: 'v',
  ...extra,
});
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const actions = (elements: Button[]): KnownBlock => ({ type: 'actions', elements });
const context = (n: number): ContextBlock => ({
  type: 'context',
  elements: Array.from({ length: n }, () => ({ type: 'mrkdwn' as const, text: 'x' })),
});
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });
const divider: KnownBlock = { type: 'divider' };
const modal = (blocks: KnownBlock[] = []): ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Reject' },
  blocks,
});

describe('Slack Web API double', () => {
  let api: SlackApiDouble;
  let client: WebClient;
  const clientWith = (token: string | undefined, retries = 0) =>
    new WebClient(token, {
      slackApiUrl: api.url,
      retryConfig: { retries, minTimeout: 0, factor: 1 },
      logger: quiet,
    });

  beforeEach(async () => {
    api = await startSlackApiDouble({ botToken: BOT_TOKEN });
    client = clientWith(BOT_TOKEN);
  });
  afterEach(() => api.close());

  test('posts a message, updates it in place and links to it', async () => {
    const blocks = [
      section('*scale* web to 3'),
      actions([button('kubegate.approve'), button('kubegate.reject')]),
    ];
    const posted = await client.chat.postMessage({ channel: 'C0APPROVE', text: 'scale web', blocks });
    assert.match(posted.ts ?? '', /^\d{10}\.\d{6}$/);
    assert.equal(posted.channel, 'C0APPROVE');
    const second = await client.chat.postMessage({ channel: 'C0APPROVE', text: 'next' });
    assert.ok(Number(second.ts) > Number(posted.ts), 'timestamps increase');

    await client.chat.update({
      channel: 'C0APPROVE',
      ts: posted.ts!,
      text: 'approved',
      blocks: [section('approved')],
    });
    const stored = api.messages.get(messageKey('C0APPROVE', posted.ts!));
    assert.deepEqual(stored?.blocks, [section('approved')]);
    assert.equal(stored.text, 'approved');

    const link = await client.chat.getPermalink({ channel: 'C0APPROVE', message_ts: posted.ts! });
    assert.equal(
      link.permalink,
      `https://kubegate-test.slack.com/archives/C0APPROVE/p${posted.ts!.replace('.', '')}`,
    );
    assert.deepEqual(
      api.callsTo('chat.postMessage')[0]?.args.blocks,
      blocks,
      'form-encoded blocks arrive as objects',
    );
    assert.equal(api.calls[0]?.token, BOT_TOKEN);
  });

  test('posts thread replies and ephemeral messages', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'parent' });
    const reply = await client.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: parent.ts! });
    assert.equal(api.messages.get(messageKey('C1', reply.ts!))?.thread_ts, parent.ts);
    const eph = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    assert.match(eph.message_ts ?? '', /^\d{10}\.\d{6}$/);
  });

  test('resolves nextCall once the call has been answered, and rejects when none comes', async () => {
    const next = api.nextCall('chat.postMessage');
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hello' });
    const call = await next;
    assert.equal(call.args.text, 'hello');
    assert.equal(api.messages.get(messageKey('C1', posted.ts!))?.text, 'hello');
    await assert.rejects(api.nextCall('views.open', 50), /no views.open call within 50 ms/);
  });

  test('refuses to update or link a message that does not exist', async () => {
    await assert.rejects(
      client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }),
      slackError('message_not_found'),
    );
    await assert.rejects(
      client.chat.getPermalink({ channel: 'C1', message_ts: '1.000001' }),
      slackError('message_not_found'),
    );
  });

  test('refuses a message with neither text nor blocks, and text over 40,000 characters', async () => {
    await assert.rejects(client.apiCall('chat.postMessage', { channel: 'C1' }), slackError('no_text'));
    await assert.rejects(
      client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }),
      slackError('msg_too_long'),
    );
  });

  const violations: [string, KnownBlock[], RegExp][] = [
    ['more than 50 blocks', Array.from({ length: 51 }, () => divider), /no more than 50 items.*\/blocks\]/],
    [
      'section text over 3000',
      [section('x'.repeat(3001))],
      /less than 3001 characters \[json-pointer:\/blocks\/0\/text\/text\]/,
    ],
    ['header text over 150', [header('x'.repeat(151))], /less than 151 characters/],
    [
      'button text over 75',
      [actions([button('a', { text: { type: 'plain_text', text: 'x'.repeat(76) } })])],
      /less than 76/,
    ],
    ['action_id over 255', [actions([button('a'.repeat(256))])], /less than 256 .*action_id/],
    [
      'button value over 2000',
      [actions([button('a', { value: 'v'.repeat(2001) })])],
      /less than 2001 .*value/,
    ],
    ['a repeated action_id in one block', [actions([button('a'), button('a')])], /action_id must be unique/],
    [
      'a repeated block_id',
      [
        { ...section('a'), block_id: 'b' },
        { ...section('b'), block_id: 'b' },
      ],
      /block_id must be unique/,
    ],
    ['block_id over 255', [{ ...section('a'), block_id: 'b'.repeat(256) }], /less than 256 .*block_id/],
    [
      'more than 25 elements in actions',
      [actions(Array.from({ length: 26 }, (_, i) => button(`a${i}`)))],
      /no more than 25/,
    ],
    ['more than 10 context elements', [context(11)], /no more than 10/],
  ];
  for (const [name, blocks, reason] of violations) {
    test(`refuses blocks with ${name} as invalid_blocks`, async () => {
      await assert.rejects(client.chat.postMessage({ channel: 'C1', text: 't', blocks }), (e: unknown) => {
        slackError('invalid_blocks')(e);
        assert.ok(e instanceof WebAPIPlatformError && 'errors' in e.data && Array.isArray(e.data.errors));
        const errors: unknown[] = e.data.errors;
        assert.ok(
          errors.some((r) => typeof r === 'string' && reason.test(r)),
          `reasons were ${JSON.stringify(errors)}`,
        );
        return true;
      });
      assert.equal(api.messages.size, 0);
    });
  }

  test('accepts blocks at every limit', async () => {
    const atLimits = [
      section('x'.repeat(3000)),
      header('x'.repeat(150)),
      actions(
        Array.from({ length: 25 }, (_, i) => button(`${i}`.padEnd(255, 'a'), { value: 'v'.repeat(2000) })),
      ),
      actions([button('kubegate.approve', { text: { type: 'plain_text', text: 'x'.repeat(75) } })]),
      { ...context(10), block_id: 'b'.repeat(255) },
      ...Array.from({ length: 45 }, () => divider),
    ];
    assert.equal(atLimits.length, 50);
    const posted = await client.chat.postMessage({
      channel: 'C1',
      text: 'x'.repeat(40_000),
      blocks: atLimits,
    });
    assert.equal(posted.ok, true);
  });

  test('accepts a JSON body as well as a form body', async () => {
    const res = await fetch(`${api.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C1', blocks: [section('json')] }),
    });
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = (await res.json()) as { ok: boolean; ts: string };
    assert.equal(body.ok, true);
    assert.deepEqual(api.messages.get(messageKey('C1', body.ts))?.blocks, [section('json')]);
  });

  test('answers 429 with Retry-After, and WebClient retries after waiting that long', async () => {
    const retrying = clientWith(BOT_TOKEN, 1);
    const waits: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    api.inject({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    const posted = await retrying.chat.postMessage({ channel: 'C1', text: 'after the limit' });
    assert.equal(posted.ok, true);
    assert.deepEqual(waits, [1]);
    const [first, second] = api.callsTo('chat.postMessage');
    assert.ok(first && second && second.at - first.at >= 950, 'the retry waited for Retry-After');
  });

  test('surfaces 500, 503, dropped connections and injected errors the way Slack would', async () => {
    api.inject({ status: 500 });
    await assert.rejects(
      client.auth.test(),
      (e: unknown) => e instanceof WebAPIHTTPError && e.statusCode === 500,
    );
    api.inject({ method: 'auth.test', status: 503 });
    await assert.rejects(
      client.auth.test(),
      (e: unknown) => e instanceof WebAPIHTTPError && /<html>/.test(e.body as string),
    );
    api.inject({ method: 'auth.test', drop: true });
    await assert.rejects(client.auth.test(), (e: unknown) => e instanceof WebAPIRequestError);
    api.inject({ method: 'chat.postMessage', error: 'channel_not_found', times: 2 });
    await assert.rejects(
      client.chat.postMessage({ channel: 'C1', text: 'a' }),
      slackError('channel_not_found'),
    );
    await assert.rejects(
      client.chat.postMessage({ channel: 'C1', text: 'b' }),
      slackError('channel_not_found'),
    );
    assert.equal((await client.chat.postMessage({ channel: 'C1', text: 'c' })).ok, true);
    assert.equal(api.callsTo('chat.postMessage').length, 3, 'faulted calls are recorded too');
  });

  test('stops injecting after clearFaults', async () => {
    api.inject({ error: 'fatal_error', times: 5 });
    api.clearFaults();
    assert.equal((await client.auth.test()).user_id, 'UBOT');
  });

  test('lists usergroup members and user profiles that were set', async () => {
    api.setUserGroup('S0APPROVERS', ['U1', 'U2']);
    api.setUser('U1', { name: 'alice', real_name: 'Alice A' });
    assert.deepEqual((await client.usergroups.users.list({ usergroup: 'S0APPROVERS' })).users, ['U1', 'U2']);
    await assert.rejects(
      client.usergroups.users.list({ usergroup: 'S0NOPE' }),
      slackError('no_such_subteam'),
    );
    const info = await client.users.info({ user: 'U1' });
    assert.equal(info.user?.name, 'alice');
    assert.equal(info.user.real_name, 'Alice A');
    await assert.rejects(client.users.info({ user: 'U9' }), slackError('user_not_found'));
    assert.equal((await client.conversations.info({ channel: 'C1' })).channel?.id, 'C1');
  });

  test('opens a view once per trigger_id and updates it by id', async () => {
    const opened = await client.views.open({
      trigger_id: '1.2.abc',
      view: { ...modal(), callback_id: 'kubegate.reject' },
    });
    assert.match(opened.view?.id ?? '', /^V/);
    assert.equal(opened.view?.callback_id, 'kubegate.reject');
    await assert.rejects(
      client.views.open({ trigger_id: '1.2.abc', view: modal() }),
      slackError('invalid_trigger_id'),
    );
    assert.equal(api.views.length, 1);
    const updated = await client.views.update({ view_id: opened.view.id!, view: modal([section('done')]) });
    assert.equal(updated.view?.id, opened.view.id);
    await assert.rejects(client.views.update({ view_id: 'V404', view: modal() }), slackError('not_found'));
  });

  test('refuses a modal with more than 100 blocks', async () => {
    const blocks = Array.from({ length: 101 }, () => divider);
    await assert.rejects(
      client.views.open({ trigger_id: 't', view: modal(blocks) }),
      slackError('invalid_arguments'),
    );
    assert.equal((await client.views.open({ trigger_id: 't', view: modal(blocks.slice(1)) })).ok, true);
  });

  test('refuses calls without a token or with the wrong one', async () => {
    await assert.rejects(clientWith(undefined).auth.test(), slackError('not_authed'));
    await assert.rejects(
      clientWith('xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'x' }),
      slackError('invalid_auth'),
    );
    assert.equal(api.messages.size, 0);
  });

  test('answers unknown methods with unknown_method', async () => {
    await assert.rejects(client.apiCall('kubegate.nothing'), slackError('unknown_method'));
  });
});

describe('Slack request signing', () => {
  test("matches the example in Slack's documentation", () => {
    // @see https://docs.slack.dev/authentication/verifying-requests-from-slack (worked example)
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618);
    assert.deepEqual(headers, {
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  test("signs what Bolt's verifySlackRequest accepts, and nothing else", () => {
    const body = new URLSearchParams(
      blockActionPayload({ userId: 'U1', actionId: 'a', value: 'v', channelId: 'C1', messageTs: '1.1' }),
    ).toString();
    const h = signSlackRequest(SECRET, body);
    const headers = {
      'x-slack-signature': h['X-Slack-Signature']!,
      'x-slack-request-timestamp': Number(h['X-Slack-Request-Timestamp']),
    };
    verifySlackRequest({ signingSecret: SECRET, body, headers });
    const hex = createHmac('sha256', SECRET)
      .update(`v0:${h['X-Slack-Request-Timestamp']!}:${body}`)
      .digest('hex');
    assert.equal(h['X-Slack-Signature'], `v0=${hex}`);
    assert.equal(isValidSlackRequest({ signingSecret: SECRET, body: `${body}&x=1`, headers }), false);
    assert.equal(isValidSlackRequest({ signingSecret: 'other', body, headers }), false);
  });

  test('produces timestamps that Bolt refuses once older than five minutes', () => {
    const now = 1_800_000_000;
    const h = signSlackRequest(SECRET, 'x', now - 301);
    const headers = { 'x-slack-signature': h['X-Slack-Signature']!, 'x-slack-request-timestamp': now - 301 };
    assert.throws(() => {
      verifySlackRequest({ signingSecret: SECRET, body: 'x', headers, nowMilliseconds: now * 1000 });
    }, /stale/);
    assert.equal(
      isValidSlackRequest({ signingSecret: SECRET, body: 'x', headers, nowMilliseconds: (now - 2) * 1000 }),
      true,
    );
  });

  test('builds slash command fields with exactly the names Slack sends', () => {
    const fields = slashCommandFields({ userId: 'U1', command: '/k8s-pending', text: '', channelId: 'C1' });
    assert.deepEqual(Object.keys(fields).sort(), [
      'api_app_id',
      'channel_id',
      'channel_name',
      'command',
      'is_enterprise_install',
      'response_url',
      'team_domain',
      'team_id',
      'text',
      'token',
      'trigger_id',
      'user_id',
      'user_name',
    ]);
  });

  test('builds a view_submission whose state carries the submitted values', () => {
    const values = { reason: { text: { type: 'plain_text_input' as const, value: 'too risky' } } };
    const p = JSON.parse(
      viewSubmissionPayload({ userId: 'U1', callbackId: 'cb', privateMetadata: 'id-1', values }).payload!,
    );
    assert.equal(p.type, 'view_submission');
    assert.equal(p.view.callback_id, 'cb');
    assert.equal(p.view.private_metadata, 'id-1');
    assert.deepEqual(p.view.state.values, values);
  });
});

describe('signed requests against a real Bolt app', () => {
  let api: SlackApiDouble;
  let app: App;
  let url: string;
  const clicks: { actionId: string; value: string; user: string }[] = [];

  beforeEach(async () => {
    api = await startSlackApiDouble({ botToken: BOT_TOKEN });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: api.url },
      logLevel: LogLevel.ERROR,
    });
    app.action<BlockAction<ButtonAction>>('kubegate.approve', async ({ ack, action, body }) => {
      await ack();
      clicks.push({ actionId: action.action_id, value: action.value ?? '', user: body.user.id });
    });
    app.command('/k8s-pending', async ({ ack, command }) => {
      await ack(`pending for ${command.user_id}`);
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    url = `http://127.0.0.1:${address.port}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    await api.close();
  });

  const click = blockActionPayload({
    userId: 'U1',
    actionId: 'kubegate.approve',
    value: 'appr-1',
    channelId: 'C1',
    messageTs: '1700000000.000100',
  });

  test('delivers a signed button click to the action listener', async () => {
    const res = await sendSlackRequest(url, SECRET, { kind: 'form', fields: click });
    assert.equal(res.status, 200);
    assert.deepEqual(clicks.at(-1), { actionId: 'kubegate.approve', value: 'appr-1', user: 'U1' });
  });

  test('delivers a slash command and returns its ack text', async () => {
    const fields = slashCommandFields({ userId: 'U7', command: '/k8s-pending', text: '', channelId: 'C1' });
    const res = await sendSlackRequest(url, SECRET, { kind: 'form', fields });
    assert.equal(res.status, 200);
    assert.equal(res.text, 'pending for U7');
  });

  test('gets 401 for a forged signature and for a stale timestamp', async () => {
    const before = clicks.length;
    const forged = await sendSlackRequest(
      url,
      SECRET,
      { kind: 'form', fields: click },
      { signature: `v0=${'0'.repeat(64)}` },
    );
    assert.equal(forged.status, 401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    assert.equal(
      (await sendSlackRequest(url, SECRET, { kind: 'form', fields: click }, { timestampSeconds: stale }))
        .status,
      401,
    );
    assert.equal(clicks.length, before);
  });

  test('answers an Events API url_verification sent as JSON', async () => {
    const res = await sendSlackRequest(
      url,
      SECRET,
      { kind: 'json', payload: { type: 'url_verification', challenge: 'c-123', token: 'legacy' } },
      { retryNum: 1 },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { challenge: 'c-123' });
  });
});

describe('Socket Mode double', () => {
  let api: SlackApiDouble;
  beforeEach(async () => {
    api = await startSlackApiDouble({ botToken: BOT_TOKEN });
  });
  afterEach(() => api.close());

  test('connects a SocketModeClient and returns its acks for interactions and commands', async () => {
    const sm = await startSocketModeDouble({ webApi: api, appToken: APP_TOKEN });
    const sock = new SocketModeClient({
      appToken: APP_TOKEN,
      clientOptions: { slackApiUrl: api.url },
      logLevel: LogLevel.ERROR,
    });
    const clicked: string[] = [];
    // EventEmitter listeners cannot be awaited; a failed ack shows up as the double's ack timeout.
    sock.on(
      'interactive',
      ({ ack, body }: { ack: () => Promise<void>; body: { actions: { value: string }[] } }) => {
        clicked.push(body.actions[0]?.value ?? '');
        void ack();
      },
    );
    sock.on(
      'slash_commands',
      ({ ack, body }: { ack: (r: object) => Promise<void>; body: { user_id: string } }) => {
        void ack({ text: `pending for ${body.user_id}` });
      },
    );
    await sock.start();
    await sm.connected;
    assert.equal(api.callsTo('apps.connections.open')[0]?.token, APP_TOKEN);

    const clickAck = await sm.sendInteractive(
      blockActionPayload({
        userId: 'U1',
        actionId: 'kubegate.approve',
        value: 'appr-1',
        channelId: 'C1',
        messageTs: '1.1',
      }),
    );
    assert.equal(clickAck.envelope_id, sm.envelopes[0]?.envelope_id);
    assert.deepEqual(clicked, ['appr-1']);
    const cmdAck = await sm.sendSlashCommand(
      slashCommandFields({ userId: 'U7', command: '/k8s-pending', text: '', channelId: 'C1' }),
    );
    assert.deepEqual(cmdAck.payload, { text: 'pending for U7' });

    await sock.disconnect();
    await sm.close();
  });

  test('drives a Bolt app in socket mode', async () => {
    const sm = await startSocketModeDouble({ webApi: api, appToken: APP_TOKEN });
    const clientOptions = { slackApiUrl: api.url };
    const app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      clientOptions,
      installerOptions: { clientOptions },
      logLevel: LogLevel.ERROR,
    });
    const values: string[] = [];
    app.action<BlockAction<ButtonAction>>('kubegate.approve', async ({ ack, action }) => {
      await ack();
      values.push(action.value ?? '');
    });
    await app.start();
    await sm.connected;
    const ack = await sm.sendInteractive(
      blockActionPayload({
        userId: 'U1',
        actionId: 'kubegate.approve',
        value: 'appr-2',
        channelId: 'C1',
        messageTs: '1.1',
      }),
    );
    assert.match(ack.envelope_id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(values, ['appr-2']);
    await app.stop();
    await sm.close();
  });

  test('rejects an envelope nobody acknowledges within the ack deadline', async () => {
    const sm = await startSocketModeDouble({ webApi: api, appToken: APP_TOKEN, ackTimeoutMs: 200 });
    const sock = new SocketModeClient({
      appToken: APP_TOKEN,
      clientOptions: { slackApiUrl: api.url },
      logLevel: LogLevel.ERROR,
    });
    await sock.start();
    await assert.rejects(
      sm.sendSlashCommand(slashCommandFields({ userId: 'U1', command: '/x', text: '', channelId: 'C1' })),
      /no ack/,
    );
    await sock.disconnect();
    await sm.close();
  });

  test('refuses apps.connections.open with the bot token', async () => {
    const sm = await startSocketModeDouble({ webApi: api, appToken: APP_TOKEN });
    const bot = new WebClient(BOT_TOKEN, {
      slackApiUrl: api.url,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    await assert.rejects(bot.apps.connections.open({}), slackError('not_allowed_token_type'));
    await assert.rejects(sm.sendInteractive({ type: 'block_actions' }), /no Socket Mode connection/);
    await sm.close();
  });
});
