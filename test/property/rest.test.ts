import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';

const TOKEN = 'agent-token-0123456789abcdef';
const AUTH = `Bearer ${TOKEN}`;
const BOB_TOKEN = 'bob-token-0123456789abcdef';
const NS = 'production';

type Sent = { method: string; path: string; headers: Record<string, string>; body?: string };
type Answer = { status: number; type: string; text: string; json: any };

// ---------------------------------------------------------------- bodies that no route accepts

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
];
const weirdString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    'apr_',
    '💥',
    '"; DROP TABLE approvals; --',
    '{{7*7}}',
    '../../etc/passwd',
  ),
  fc.integer({ min: 2001, max: 70_000 }).map((n) => 'x'.repeat(n)),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'x'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
);

/** The original example with exactly one thing wrong, so the schema must refuse it. */
const brokenProposal = fc.oneof(
  fc.constantFrom('action', 'commands').map((field) => {
    const body: Record<string, unknown> = structuredClone(ORIGINAL_EXAMPLE);
    Reflect.deleteProperty(body, field);
    return body;
  }),
  fc
    .tuple(fc.constantFrom('action', 'commands', 'metadata', 'idempotency_key'), wrongType)
    .map(([field, value]) => ({
      ...structuredClone(ORIGINAL_EXAMPLE),
      [field]:
        field === 'metadata' && value !== null && typeof value === 'object' && !Array.isArray(value)
          ? 7
          : value,
    })),
  fc
    .tuple(fc.constantFrom(...PROTO_KEYS, 'extra', 'Action', 'command'), fc.jsonValue({ maxDepth: 2 }))
    .map(([key, value]) => {
      const body: Record<string, unknown> = structuredClone(ORIGINAL_EXAMPLE);
      Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
      return body;
    }),
  fc
    .tuple(
      fc.constantFrom('command', 'explanation', 'safety_level'),
      fc.oneof(wrongType, fc.constantFrom('', '   ', 'SAFEST', 'safe')),
    )
    .map(([field, value]) => ({
      ...structuredClone(ORIGINAL_EXAMPLE),
      commands: [{ ...ORIGINAL_EXAMPLE.commands[0], [field]: value }],
    })),
  fc
    .tuple(fc.constantFrom(...PROTO_KEYS, 'risk', 'Command'), fc.jsonValue({ maxDepth: 1 }))
    .map(([key, value]) => {
      const command: Record<string, unknown> = { ...ORIGINAL_EXAMPLE.commands[0] };
      Object.defineProperty(command, key, { value, enumerable: true, configurable: true, writable: true });
      return { ...structuredClone(ORIGINAL_EXAMPLE), commands: [command] };
    }),
  fc.constantFrom(
    { ...ORIGINAL_EXAMPLE, commands: [] },
    { ...ORIGINAL_EXAMPLE, commands: Array.from({ length: 21 }, () => ORIGINAL_EXAMPLE.commands[0]) },
    { ...ORIGINAL_EXAMPLE, action: 'a'.repeat(201) },
    { ...ORIGINAL_EXAMPLE, metadata: { namespace: 'Production' } },
    { ...ORIGINAL_EXAMPLE, metadata: { namespace: 'a'.repeat(64) } },
    { ...ORIGINAL_EXAMPLE, idempotency_key: 'has space' },
    {
      ...ORIGINAL_EXAMPLE,
      commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: 'kubectl get pods; rm -rf /' }],
    },
    {
      ...ORIGINAL_EXAMPLE,
      commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: 'kubectl delete pod x --token=abc' }],
    },
  ),
  fc.tuple(weirdString, weirdString).map(([action, command]) => ({
    action,
    commands: [{ command: `${command};`, explanation: 'x', safety_level: 'SAFE' }],
  })),
);
const anyJson = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
  fc.object({ maxDepth: 3, key: fc.oneof(fc.string(), fc.constantFrom(...PROTO_KEYS)) }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Decision bodies the routes refuse: unknown keys, wrong types, empty or oversized text, or not an object at all. */
const brokenDecision = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('comment', 'reason'),
      fc.oneof(wrongType, fc.constantFrom('', '   ', '\t\n'), fc.constant('r'.repeat(2001))),
    )
    .map(([k, v]) => ({ [k]: v })),
  fc
    .tuple(fc.constantFrom(...PROTO_KEYS, 'extra', 'state', 'by', 'decision'), fc.jsonValue({ maxDepth: 1 }))
    .map(([key, value]) =>
      JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value ?? null)},"reason":"ok","comment":"ok"}`),
    ),
  fc.oneof(
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  ),
);

/** JSON text of a generated value; undefined for a value JSON cannot carry (undefined itself). */
function toJsonText(value: unknown): string | undefined {
  const text: string | undefined = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
  return text;
}

// ---------------------------------------------------------------- paths, methods, headers

const randomSegment = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom(
    '%zz',
    '%E0%A4%A',
    '%',
    '..',
    '.',
    '%2e%2e',
    'apr_',
    'apr_0000000000000000000000000',
    'apr_ZZZ',
    '%00',
    'pending',
    '__proto__',
    'constructor',
  ),
  fc.stringMatching(/^apr_[0-9a-z]{0,45}$/),
);
const randomQuery = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('state', 'limit', 'cursor', '__proto__', 'constructor', 'state[]', 'limit[0]'),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.integer().map(String),
        fc.constantFrom('0', '201', '200', '1.5', '-1', 'pending', 'PENDING', '1e2', 'NaN', 'Infinity', ''),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/problem+json',
  '',
  '*/*',
  'application/json, text/plain',
);
const rawBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{',
    '[',
    '{"reason":',
    'reason=no',
    '<xml/>',
    'null',
    'true',
    '"x"',
    '1',
    '{"a":1}{',
    '\u0000',
    '{"__proto__":{"polluted":true}}',
  ),
  fc.integer({ min: 256 * 1024, max: 300 * 1024 }).map((n) => `{"reason":"${'y'.repeat(n)}"}`),
);
const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant(AUTH) },
  fc.constantFrom(
    undefined,
    '',
    'Bearer',
    'Bearer ',
    `bearer ${TOKEN}`,
    `Bearer ${TOKEN} x`,
    `Basic ${TOKEN}`,
    `Bearer ${TOKEN.slice(0, -1)}`,
    `Bearer ${TOKEN}a`,
  ),
  fc.string({ unit: fc.constantFrom(...Array.from('abcXYZ019 -_=.:')), maxLength: 40 }),
);
const headersWith = (auth: string | undefined, extra: Record<string, string> = {}): Record<string, string> =>
  auth === undefined ? extra : { authorization: auth, ...extra };

/** Whether the text is a JSON object (which on a real id might be a valid decision and is therefore not generated). */
const isJsonObject = (text: string): boolean => {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
};

describe('REST on generated invalid requests', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  let real: string[] = [];
  let lastSnapshot: string | undefined;

  const send = async (r: Sent): Promise<Answer> => {
    const init: RequestInit = { method: r.method, headers: r.headers };
    if (r.body !== undefined) init.body = r.body;
    const res = await fetch(`${kg.url}${r.path}`, init);
    const text = await res.text();
    const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    let json: unknown;
    if (type.includes('json') && text !== '') json = JSON.parse(text);
    return { status: res.status, type, text, json };
  };
  const snapshot = async (): Promise<string> => {
    const res = await send({
      method: 'GET',
      path: '/api/approvals?limit=200',
      headers: { authorization: AUTH },
    });
    assert.equal(res.status, 200);
    return JSON.stringify(res.json);
  };
  /** Sends an invalid request and checks the invariants: no 5xx, problem+json on 4xx, and nothing changed. */
  const checkInvalid = async (r: Sent, expectStatus?: (status: number) => boolean): Promise<Answer> => {
    // Invalid requests change nothing, so the snapshot after one is the snapshot before the next.
    const before = (lastSnapshot ??= await snapshot());
    const answer = await send(r);
    const where = `${r.method} ${r.path} ${JSON.stringify(r.headers)} ${r.body?.slice(0, 300) ?? ''}`;
    assert.ok(answer.status < 500, `${answer.status} for ${where}: ${answer.text.slice(0, 500)}`);
    if (answer.status >= 400 && r.method !== 'HEAD') {
      assert.equal(answer.type, 'application/problem+json', `${answer.status} ${answer.type} for ${where}`);
      const p = answer.json;
      for (const field of ['type', 'title', 'detail'])
        assert.equal(typeof p[field], 'string', `${field} in ${answer.text}`);
      assert.equal(p.status, answer.status);
      assert.ok(String(p.detail).length > 0);
    }
    if (expectStatus)
      assert.ok(expectStatus(answer.status), `${answer.status} for ${where}: ${answer.text.slice(0, 300)}`);
    lastSnapshot = await snapshot();
    assert.equal(lastSnapshot, before, `state changed after ${where}`);
    return answer;
  };

  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: `agent:${TOKEN},bob:${BOB_TOKEN}`,
      APPROVERS: '*',
    });
    const propose = async (command: string): Promise<string> => {
      const res = await kg.call(
        'POST',
        '/api/approvals',
        { ...ORIGINAL_EXAMPLE, commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command }] },
        { authorization: AUTH },
      );
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.id as string;
    };
    const pending = await propose(`kubectl delete pod ${cluster.fixture.pod} -n ${NS}`);
    const pending2 = await propose(`kubectl scale deployment api-service --replicas=4 -n ${NS}`);
    const rejected = await propose(`kubectl scale deployment api-service --replicas=5 -n ${NS}`);
    assert.equal(
      (await kg.call('POST', `/api/approvals/${rejected}/reject`, { reason: 'no' }, { authorization: AUTH }))
        .status,
      200,
    );
    const done = await propose(`kubectl scale deployment api-service --replicas=3 -n ${NS}`);
    // Someone other than the requesting agent approves: nobody approves their own request.
    assert.equal(
      (await kg.call('POST', `/api/approvals/${done}/approve`, {}, { authorization: `Bearer ${BOB_TOKEN}` }))
        .status,
      200,
    );
    await kg.until(done, 'succeeded');
    real = [pending, pending2, rejected, done];
  });
  after(async () => {
    await kg.close();
    await cluster.close();
  });

  test('refuses random and broken proposals with a problem and creates nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/approvals', '/api/mcp/propose'),
        fc.oneof(brokenProposal, anyJson),
        authorization,
        async (path, body, auth) => {
          const text = toJsonText(body);
          if (text === undefined) return;
          await checkInvalid(
            {
              method: 'POST',
              path,
              headers: headersWith(auth, { 'content-type': 'application/json' }),
              body: text,
            },
            (s) => s >= 400,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('refuses decisions with broken bodies on real approvals, and any decision on ids that do not exist', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ id: fc.nat(3).map((i) => real[i]!), body: brokenDecision }),
          fc.record({
            id: randomSegment,
            body: fc.oneof(
              brokenDecision,
              anyJson,
              fc.constant({ reason: 'fine', comment: 'fine' }),
              fc.constant({}),
            ),
          }),
        ),
        fc.constantFrom('approve', 'reject', 'cancel'),
        authorization,
        async ({ id, body }, action, auth) => {
          const text = toJsonText(body);
          if (
            text === undefined ||
            (real.includes(id) &&
              isJsonObject(text) &&
              Object.keys(JSON.parse(text)).length === 0 &&
              action !== 'reject')
          )
            return;
          await checkInvalid(
            {
              method: 'POST',
              path: `/api/approvals/${id}/${action}`,
              headers: headersWith(auth, { 'content-type': 'application/json' }),
              body: text,
            },
            (s) => s >= 400,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  test('answers raw, non-JSON and oversized bodies with a problem under any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.nat(3).map((i) => real[i]!),
          randomSegment,
        ),
        fc.constantFrom('approve', 'reject', 'cancel'),
        contentType,
        rawBody,
        fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'bogus'),
        async (id, action, type, body, encoding) => {
          // An object could be a valid decision on a real approval, and so is an empty body (the body is optional).
          if (isJsonObject(body) || body === '') return;
          const headers: Record<string, string> = { authorization: AUTH };
          if (type !== '') headers['content-type'] = type;
          if (encoding !== undefined) headers['content-encoding'] = encoding;
          await checkInvalid(
            { method: 'POST', path: `/api/approvals/${id}/${action}`, headers, body },
            (s) => s >= 400,
          );
          await checkInvalid({ method: 'POST', path: '/api/approvals', headers, body }, (s) => s >= 400);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('answers random methods on random paths without a 5xx, with a problem on every 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        fc.oneof(
          fc
            .array(randomSegment, { minLength: 1, maxLength: 4 })
            .map((segments) => `/api/${segments.join('/')}`),
          fc
            .tuple(
              fc.oneof(
                fc.nat(3).map((i) => real[i]!),
                randomSegment,
              ),
              fc.oneof(randomSegment, fc.constantFrom('approve', 'reject', 'cancel', '')),
            )
            .map(([id, action]) => `/api/approvals/${id}/${action}`),
          fc.array(randomSegment, { minLength: 1, maxLength: 3 }).map((segments) => `/${segments.join('/')}`),
          fc.constantFrom(
            '/api',
            '/api/',
            '/api/approvals/',
            '/api//approvals',
            '/API/approvals',
            '/healthz/x',
            '/slack/events',
          ),
        ),
        authorization,
        async (verb, path, auth) => {
          // POSTing a decision to a real approval with no body is a valid approve or cancel, not a generated error.
          if (verb === 'POST' && real.some((id) => path.startsWith(`/api/approvals/${id}/`))) return;
          if (verb === 'POST' && (path === '/api/approvals' || path === '/api/mcp/propose')) return;
          await checkInvalid({ method: verb, path, headers: headersWith(auth) });
        },
      ),
      { numRuns: 400 },
    );
  });

  test('answers random history queries with the history or a problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomQuery,
        fc.constantFrom('/api/approvals', '/api/approvals/pending'),
        async (query, path) => {
          const answer = await checkInvalid({
            method: 'GET',
            path: `${path}?${query}`,
            headers: { authorization: AUTH },
          });
          if (answer.status === 200) assert.ok(Array.isArray(answer.json.approvals));
          else assert.equal(answer.status, 400, answer.text);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('refuses a UTF-16 body that is not JSON instead of approving', async () => {
    const proposed = await kg.call(
      'POST',
      '/api/approvals',
      {
        ...ORIGINAL_EXAMPLE,
        commands: [
          {
            ...ORIGINAL_EXAMPLE.commands[0],
            command: `kubectl scale deployment api-service --replicas=3 -n ${NS}`,
          },
        ],
      },
      { authorization: AUTH },
    );
    assert.equal(proposed.status, 201);
    const id = proposed.json.id as string;
    const answer = await send({
      method: 'POST',
      path: `/api/approvals/${id}/approve`,
      headers: { authorization: AUTH, 'content-type': 'application/json; charset=utf-16' },
      body: '[',
    });
    const state = (await kg.call('GET', `/api/approvals/${id}`, undefined, { authorization: AUTH })).json
      .state;
    if (state !== 'pending') await kg.until(id, 'succeeded');
    assert.equal(answer.status, 415, answer.text);
    assert.equal(state, 'pending');
  });
});
