/**
 * A Slack Web API double over real HTTP that the real `@slack/web-api` WebClient accepts
 * (`new WebClient(token, { slackApiUrl: double.url })`). It answers the way Slack does, `ok: false` included,
 * so the code under test meets Slack's refusals (Block Kit limits, single-use trigger ids, auth) in tests.
 * @see https://docs.slack.dev/apis/web-api/
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export type SlackCall = {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
};
export type StoredMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
};
export type SlackFault = {
  /** Method name to match; every method when absent. */
  method?: string;
  status?: 429 | 500 | 503;
  /** Seconds, sent as `Retry-After` with a 429. */
  retryAfter?: number;
  /** Answer HTTP 200 `{ ok: false, error }`. */
  error?: string;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** How many matching calls the fault applies to; 1 when absent. */
  times?: number;
};
/** A method's JSON answer; `ok: false` answers carry `error`. */
export type SlackAnswer = { ok: boolean; [field: string]: unknown };
export type MethodHandler = (args: Record<string, unknown>) => SlackAnswer;

export interface SlackApiDouble {
  /** Base URL ending in `/api/`: WebClient appends method names to `slackApiUrl`. */
  readonly url: string;
  readonly calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /**
   * Resolves with the next call to `method` once it has been answered (its effect on `messages` applied), for
   * calls an app makes after its HTTP ack; rejects after `timeoutMs` because node:test has no default timeout.
   */
  nextCall(method: string, timeoutMs?: number): Promise<SlackCall>;
  /** Current state of every posted message, keyed by `messageKey(channel, ts)`. */
  readonly messages: Map<string, StoredMessage>;
  inject(fault: SlackFault): void;
  clearFaults(): void;
  setUserGroup(groupId: string, userIds: string[]): void;
  setUser(userId: string, info: { name: string; real_name?: string; email?: string }): void;
  /** `args.view` of every successful views.open, in order. */
  readonly views: unknown[];
  /** The Home tab each user sees: the `view` of the last successful views.publish for them. */
  readonly homes: Map<string, unknown>;
  /**
   * A response_url to put in a payload: what the app POSTs there (Bolt's `respond`) is recorded as a call to the
   * pseudo-method `response_url`, checked against Block Kit limits like chat.postMessage.
   */
  readonly responseUrl: string;
  /**
   * Adds or replaces a method. `token` makes that method require this token instead of the bot token,
   * as `apps.connections.open` requires the app-level `xapp-` token (used by the Socket Mode double).
   */
  route(method: string, handler: MethodHandler, opts?: { token: string }): void;
  close(): Promise<void>;
}

export const TEAM_ID = 'T0001';
export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'B0001';
export const APP_ID = 'A0001';
export const WORKSPACE_URL = 'https://kubegate-test.slack.com/';

export const messageKey = (channel: string, ts: string): string => `${channel}:${ts}`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (args: Obj, key: string): string | undefined => {
  const v = args[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
const fail = (error: string, extra: Obj = {}): SlackAnswer => ({ ok: false, error, ...extra });

/** WebClient JSON-encodes every non-primitive argument inside the form body; Slack decodes these per field. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);

// ---------- Block Kit limits ----------
// @see https://docs.slack.dev/reference/block-kit/blocks — the limits Slack enforces with `invalid_blocks`.

const tooLong = (max: number, at: string): string =>
  `must be less than ${max + 1} characters [json-pointer:${at}]`;
const textOf = (t: unknown): string | undefined =>
  isObj(t) && typeof t.text === 'string' ? t.text : undefined;

function checkLength(errors: string[], value: unknown, max: number, at: string): void {
  if (typeof value === 'string' && value.length > max) errors.push(tooLong(max, at));
}

function elementErrors(el: unknown, at: string, actionIds: Set<string>): string[] {
  if (!isObj(el)) return [`must be an object [json-pointer:${at}]`];
  const errors: string[] = [];
  checkLength(errors, el.action_id, 255, `${at}/action_id`);
  if (typeof el.action_id === 'string') {
    if (actionIds.has(el.action_id))
      errors.push(`action_id must be unique within a block [json-pointer:${at}/action_id]`);
    actionIds.add(el.action_id);
  }
  if (el.type === 'button') {
    checkLength(errors, textOf(el.text), 75, `${at}/text/text`);
    checkLength(errors, el.value, 2000, `${at}/value`);
    checkLength(errors, el.url, 3000, `${at}/url`);
  }
  return errors;
}

function sectionErrors(b: Obj, at: string): string[] {
  const errors: string[] = [];
  checkLength(errors, textOf(b.text), 3000, `${at}/text/text`);
  if (b.text === undefined && b.fields === undefined)
    errors.push(`must provide text or fields [json-pointer:${at}]`);
  if (Array.isArray(b.fields)) {
    if (b.fields.length > 10) errors.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
    b.fields.forEach((f: unknown, i) => {
      checkLength(errors, textOf(f), 2000, `${at}/fields/${i}/text`);
    });
  }
  if (b.accessory !== undefined) errors.push(...elementErrors(b.accessory, `${at}/accessory`, new Set()));
  return errors;
}

function blockErrors(b: Obj, at: string): string[] {
  switch (b.type) {
    case 'section':
      return sectionErrors(b, at);
    case 'header': {
      const errors: string[] = [];
      if (!isObj(b.text) || b.text.type !== 'plain_text')
        errors.push(`must be a plain_text object [json-pointer:${at}/text]`);
      checkLength(errors, textOf(b.text), 150, `${at}/text/text`);
      return errors;
    }
    case 'actions':
    case 'context': {
      const max = b.type === 'actions' ? 25 : 10;
      if (!Array.isArray(b.elements)) return [`missing required field: elements [json-pointer:${at}]`];
      const errors =
        b.elements.length > max ? [`no more than ${max} items allowed [json-pointer:${at}/elements]`] : [];
      const actionIds = new Set<string>();
      const els: unknown[] = b.elements;
      els.forEach((el, i) => errors.push(...elementErrors(el, `${at}/elements/${i}`, actionIds)));
      return errors;
    }
    case 'input':
      return elementErrors(b.element, `${at}/element`, new Set());
    default:
      return [];
  }
}

/** Slack's reasons for refusing a block list; empty when the blocks are accepted. */
export function blockKitErrors(blocks: unknown, maxBlocks: number, pointer = ''): string[] {
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${pointer}/blocks]`];
  const errors =
    blocks.length > maxBlocks
      ? [`no more than ${maxBlocks} items allowed [json-pointer:${pointer}/blocks]`]
      : [];
  const blockIds = new Set<string>();
  const list: unknown[] = blocks;
  list.forEach((b, i) => {
    const at = `${pointer}/blocks/${i}`;
    if (!isObj(b) || typeof b.type !== 'string')
      return errors.push(`missing required field: type [json-pointer:${at}]`);
    checkLength(errors, b.block_id, 255, `${at}/block_id`);
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id))
        errors.push(`block_id must be unique within a message [json-pointer:${at}/block_id]`);
      blockIds.add(b.block_id);
    }
    return errors.push(...blockErrors(b, at));
  });
  return errors;
}

function viewErrors(view: unknown): string[] {
  if (!isObj(view)) return ['must be an object [json-pointer:/view]'];
  const errors: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home')
    errors.push('must be modal or home [json-pointer:/view/type]');
  if (view.type === 'modal' && textOf(view.title) === undefined)
    errors.push('missing required field: title [json-pointer:/view]');
  for (const k of ['title', 'submit', 'close']) checkLength(errors, textOf(view[k]), 24, `/view/${k}/text`);
  checkLength(errors, view.callback_id, 255, '/view/callback_id');
  checkLength(errors, view.private_metadata, 3000, '/view/private_metadata');
  return [...errors, ...blockKitErrors(view.blocks, 100, '/view')];
}

/** Message arguments Slack refuses before posting: `no_text`, `msg_too_long`, `invalid_blocks`. */
function messageRefusal(args: Obj, requireContent: boolean): SlackAnswer | undefined {
  const text = args.text;
  if (requireContent && text === undefined && args.blocks === undefined && args.attachments === undefined) {
    return fail('no_text');
  }
  if (typeof text === 'string' && text.length > 40_000) return fail('msg_too_long');
  if (args.blocks === undefined) return undefined;
  const errors = blockKitErrors(args.blocks, 50);
  if (errors.length === 0) return undefined;
  return fail('invalid_blocks', {
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  });
}

// ---------- HTTP ----------

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decodeForm(params: URLSearchParams): Obj {
  const args: Obj = {};
  for (const [k, v] of params) {
    args[k] = JSON_FIELDS.has(k) && /^\s*[[{]/.test(v) ? (JSON.parse(v) as unknown) : v;
  }
  return args;
}

function parseArgs(req: IncomingMessage, raw: string): Obj | undefined {
  const query = decodeForm(new URL(req.url ?? '/', 'http://x').searchParams);
  if (raw === '') return query;
  if ((req.headers['content-type'] ?? '').startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    return isObj(parsed) ? { ...query, ...parsed } : undefined;
  }
  return { ...query, ...decodeForm(new URLSearchParams(raw)) };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

function sendFault(req: IncomingMessage, res: ServerResponse, f: SlackFault): void {
  if (f.drop === true) {
    req.socket.destroy();
  } else if (f.status === 429) {
    send(res, 429, JSON.stringify(fail('ratelimited')), { 'Retry-After': String(f.retryAfter ?? 1) });
  } else if (f.status === 503) {
    // Slack's edge answers 5xx with an HTML page, not JSON: clients must not parse it.
    send(res, 503, '<html><body><h1>503 Service Unavailable</h1></body></html>', {
      'Content-Type': 'text/html',
    });
  } else if (f.status === 500) {
    send(res, 500, '', { 'Content-Type': 'text/plain' });
  } else {
    send(res, 200, JSON.stringify(fail(f.error ?? 'internal_error')));
  }
}

const bearer = (h: string | undefined): string | undefined => /^Bearer (.+)$/.exec(h ?? '')?.[1];

// ---------- methods ----------

type State = {
  messages: Map<string, StoredMessage>;
  views: unknown[];
  homes: Map<string, unknown>;
  openViews: Map<string, Obj>;
  usedTriggers: Set<string>;
  groups: Map<string, string[]>;
  users: Map<string, { name: string; real_name?: string; email?: string }>;
  seq: number;
};

/** Slack timestamps are `seconds.micros` strings and unique per channel; ours are unique and increasing. */
function nextTs(st: State): string {
  st.seq += 1;
  const micros = st.seq * 100;
  return `${1_700_000_000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

function botMessage(m: StoredMessage): Obj {
  return {
    type: 'message',
    subtype: 'bot_message',
    user: BOT_USER_ID,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: TEAM_ID,
    ...m,
  };
}

function postMessage(st: State, args: Obj): SlackAnswer {
  const channel = str(args, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  const refusal = messageRefusal(args, true);
  if (refusal) return refusal;
  const ts = nextTs(st);
  const threadTs = str(args, 'thread_ts');
  const blocks = Array.isArray(args.blocks) ? (args.blocks as unknown[]) : [];
  const msg: StoredMessage = {
    channel,
    ts,
    text: str(args, 'text') ?? '',
    blocks,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  };
  st.messages.set(messageKey(channel, ts), msg);
  return { ok: true, channel, ts, message: botMessage(msg) };
}

function updateMessage(st: State, args: Obj): SlackAnswer {
  const channel = str(args, 'channel') ?? '';
  const ts = str(args, 'ts') ?? '';
  const current = st.messages.get(messageKey(channel, ts));
  if (!current) return fail('message_not_found');
  const refusal = messageRefusal(args, true);
  if (refusal) return refusal;
  // Slack keeps the previous blocks when `blocks` is omitted; an empty array removes them.
  const next: StoredMessage = {
    ...current,
    text: typeof args.text === 'string' ? args.text : current.text,
    blocks: Array.isArray(args.blocks) ? (args.blocks as unknown[]) : current.blocks,
  };
  st.messages.set(messageKey(channel, ts), next);
  return { ok: true, channel, ts, text: next.text, message: botMessage(next) };
}

function permalink(st: State, args: Obj): SlackAnswer {
  const channel = str(args, 'channel') ?? '';
  const m = st.messages.get(messageKey(channel, str(args, 'message_ts') ?? ''));
  if (!m) return fail('message_not_found');
  const thread = m.thread_ts === undefined ? '' : `?thread_ts=${m.thread_ts}&cid=${channel}`;
  return {
    ok: true,
    channel,
    permalink: `${WORKSPACE_URL}archives/${channel}/p${m.ts.replace('.', '')}${thread}`,
  };
}

function storeView(st: State, view: Obj, id: string): Obj {
  const stored = {
    ...view,
    id,
    team_id: TEAM_ID,
    app_id: APP_ID,
    bot_id: BOT_ID,
    state: { values: {} },
    hash: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    root_view_id: id,
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
  };
  st.openViews.set(id, stored);
  return stored;
}

function openView(st: State, args: Obj): SlackAnswer {
  const trigger = str(args, 'trigger_id');
  if (trigger === undefined) return fail('invalid_arguments');
  // A trigger_id is single-use: Slack refuses the second views.open with the same one.
  if (st.usedTriggers.has(trigger)) return fail('invalid_trigger_id');
  const errors = viewErrors(args.view);
  if (errors.length > 0 || !isObj(args.view)) {
    return fail('invalid_arguments', { response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
  }
  st.usedTriggers.add(trigger);
  st.views.push(args.view);
  return { ok: true, view: storeView(st, args.view, `V${String(st.openViews.size + 1).padStart(8, '0')}`) };
}

function updateView(st: State, args: Obj): SlackAnswer {
  const id = str(args, 'view_id') ?? '';
  const current = st.openViews.get(id);
  if (!current) return fail('not_found');
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== current.hash) return fail('hash_conflict');
  const errors = viewErrors(args.view);
  if (errors.length > 0 || !isObj(args.view)) {
    return fail('invalid_arguments', { response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
  }
  return { ok: true, view: storeView(st, args.view, id) };
}

/** views.publish: a user's Home tab; Slack refuses anything but a valid `home` view (100 blocks). */
function publishView(st: State, args: Obj): SlackAnswer {
  const user = str(args, 'user_id');
  if (user === undefined) return fail('invalid_arguments');
  const errors = viewErrors(args.view);
  if (errors.length > 0 || !isObj(args.view) || args.view.type !== 'home') {
    return fail('invalid_arguments', { response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
  }
  st.homes.set(user, args.view);
  return { ok: true, view: storeView(st, args.view, `VH${user}`) };
}

function userInfo(st: State, args: Obj): SlackAnswer {
  const id = str(args, 'user') ?? '';
  const u = st.users.get(id);
  if (!u) return fail('user_not_found');
  const realName = u.real_name ?? u.name;
  // Slack includes the email only for apps with the users:read.email scope; the double's bot has it.
  const profile = {
    real_name: realName,
    display_name: u.name,
    ...(u.email === undefined ? {} : { email: u.email }),
  };
  return {
    ok: true,
    user: { id, team_id: TEAM_ID, name: u.name, real_name: realName, deleted: false, is_bot: false, profile },
  };
}

function channelInfo(args: Obj): SlackAnswer {
  const id = str(args, 'channel');
  if (id === undefined) return fail('channel_not_found');
  const name = `c-${id.toLowerCase()}`;
  return {
    ok: true,
    channel: {
      id,
      name,
      is_channel: true,
      is_private: id.startsWith('G'),
      is_archived: false,
      is_member: true,
    },
  };
}

function builtInMethods(st: State): Map<string, MethodHandler> {
  return new Map<string, MethodHandler>([
    [
      'auth.test',
      () => ({
        ok: true,
        url: WORKSPACE_URL,
        team: 'kubegate-test',
        user: 'kubegate',
        team_id: TEAM_ID,
        user_id: BOT_USER_ID,
        bot_id: BOT_ID,
        is_enterprise_install: false,
      }),
    ],
    ['chat.postMessage', (a) => postMessage(st, a)],
    ['chat.update', (a) => updateMessage(st, a)],
    [
      'chat.postEphemeral',
      (a) => {
        if (str(a, 'channel') === undefined) return fail('channel_not_found');
        if (str(a, 'user') === undefined) return fail('user_not_found');
        return messageRefusal(a, true) ?? { ok: true, message_ts: nextTs(st) };
      },
    ],
    ['chat.getPermalink', (a) => permalink(st, a)],
    ['views.open', (a) => openView(st, a)],
    ['views.update', (a) => updateView(st, a)],
    ['views.publish', (a) => publishView(st, a)],
    // Not a Web API method: what an app POSTs to a response_url (see `responseUrl`).
    ['response_url', (a) => messageRefusal(a, true) ?? { ok: true }],
    [
      'usergroups.users.list',
      (a) => {
        const users = st.groups.get(str(a, 'usergroup') ?? '');
        return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
      },
    ],
    ['users.info', (a) => userInfo(st, a)],
    ['conversations.info', channelInfo],
  ]);
}

// ---------- server ----------

/** Starts the double on 127.0.0.1 at a free port. With `botToken`, every method requires it as a Bearer token. */
export async function startSlackApiDouble(opts: { botToken?: string } = {}): Promise<SlackApiDouble> {
  const st: State = {
    messages: new Map(),
    views: [],
    homes: new Map(),
    openViews: new Map(),
    usedTriggers: new Set(),
    groups: new Map(),
    users: new Map(),
    seq: 0,
  };
  const methods = builtInMethods(st);
  const tokenFor = new Map<string, string>();
  const calls: SlackCall[] = [];
  const waiters: { method: string; resolve: (c: SlackCall) => void }[] = [];
  const answered = (call: SlackCall): void => {
    for (const w of waiters.filter((x) => x.method === call.method)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(call);
    }
  };
  let faults: { fault: SlackFault; left: number }[] = [];

  const authError = (method: string, token: string | undefined): string | undefined => {
    const required = tokenFor.get(method) ?? opts.botToken;
    if (required === undefined || token === required) return undefined;
    if (token === undefined) return 'not_authed';
    const known = token === opts.botToken || [...tokenFor.values()].includes(token);
    return known ? 'not_allowed_token_type' : 'invalid_auth';
  };

  const takeFault = (method: string): SlackFault | undefined => {
    const active = faults.find(
      (f) => f.left > 0 && (f.fault.method === undefined || f.fault.method === method),
    );
    if (active) active.left -= 1;
    faults = faults.filter((f) => f.left > 0);
    return active?.fault;
  };

  const answer = (method: string, args: Obj | undefined, token: string | undefined): SlackAnswer => {
    if (args === undefined) return fail('invalid_json');
    const refused = method === 'response_url' ? undefined : authError(method, token);
    if (refused !== undefined) return fail(refused);
    const handler = methods.get(method);
    return handler ? handler(args) : fail('unknown_method', { req_method: method });
  };

  const server = createServer((req, res) => {
    (async () => {
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      // A response_url needs no token: the URL itself is the secret, as Slack's are.
      const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
      let args: Obj | undefined;
      try {
        args = parseArgs(req, raw);
      } catch {
        args = undefined; // malformed JSON: Slack answers `invalid_json`, which `answer` produces for undefined args
      }
      const token = bearer(req.headers.authorization) ?? (args ? str(args, 'token') : undefined);
      const call: SlackCall = { method, args: args ?? {}, token, at: performance.now() };
      calls.push(call);
      const fault = takeFault(method);
      if (fault) sendFault(req, res, fault);
      else send(res, 200, JSON.stringify(answer(method, args, token)));
      answered(call);
    })().catch((e: unknown) => {
      // A bug in the double must fail the test visibly, not leave the client waiting for an answer.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`slack-api-double failed: ${String(e)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    nextCall: (method, timeoutMs = 5000) => {
      const { promise, resolve, reject } = Promise.withResolvers<SlackCall>();
      const waiter = {
        method,
        resolve: (c: SlackCall) => {
          clearTimeout(timer);
          resolve(c);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no ${method} call within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
      return promise;
    },
    messages: st.messages,
    views: st.views,
    homes: st.homes,
    responseUrl: `http://127.0.0.1:${port}/response/${randomUUID()}`,
    inject: (fault) => {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    clearFaults: () => {
      faults = [];
    },
    setUserGroup: (id, userIds) => {
      st.groups.set(id, [...userIds]);
    },
    setUser: (id, info) => {
      st.users.set(id, info);
    },
    route: (method, handler, routeOpts) => {
      methods.set(method, handler);
      if (routeOpts) tokenFor.set(method, routeOpts.token);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          if (e) reject(e);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
