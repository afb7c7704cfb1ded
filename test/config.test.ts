import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config.ts';

test('starts with safe defaults from an empty environment', () => {
  const r = loadConfig({ HOME: '/home/sre' });
  assert.ok(r.ok);
  assert.equal(r.value.port, 3100);
  assert.equal(r.value.host, '127.0.0.1');
  assert.deepEqual(r.value.store, {
    kind: 'sqlite',
    path: '/home/sre/.local/share/kubegate/kubegate.db',
    defaulted: true,
  });
  assert.equal(r.value.approvalTtlMs, 30 * 60_000);
  assert.equal(r.value.dangerousQuorum, 2);
  assert.deepEqual(r.value.protectedNamespaces, ['kube-system']);
  assert.deepEqual(r.value.slack, { mode: 'disabled' });
});

test('puts the default store in XDG_DATA_HOME when it is absolute, never in the working directory', () => {
  const store = (env: NodeJS.ProcessEnv) => {
    const r = loadConfig(env);
    assert.ok(r.ok);
    return r.value.store;
  };
  assert.deepEqual(store({ HOME: '/home/sre', XDG_DATA_HOME: '/data/sre' }), {
    kind: 'sqlite',
    path: '/data/sre/kubegate/kubegate.db',
    defaulted: true,
  });
  // The XDG specification: a relative path in XDG_DATA_HOME is invalid and ignored.
  assert.deepEqual(store({ HOME: '/home/sre', XDG_DATA_HOME: 'data' }), {
    kind: 'sqlite',
    path: '/home/sre/.local/share/kubegate/kubegate.db',
    defaulted: true,
  });
  assert.deepEqual(store({ HOME: '/home/sre', STORE_URL: 'sqlite://./kubegate.db' }), {
    kind: 'sqlite',
    path: './kubegate.db',
  });
});

test('parses tokens, approvers and durations', () => {
  const r = loadConfig({
    API_TOKENS: 'alice:aaaaaaaaaaaaaaaa1, bot:bbbbbbbbbbbbbbbb:2',
    APPROVERS: 'api:alice,slack:U0123,slack-group:S0456',
    APPROVAL_TTL: '1h30m',
    STORE_URL: 'memory://',
  });
  assert.ok(r.ok);
  assert.deepEqual(r.value.apiTokens, [
    { identity: 'alice', token: 'aaaaaaaaaaaaaaaa1' },
    { identity: 'bot', token: 'bbbbbbbbbbbbbbbb:2' },
  ]);
  assert.deepEqual(r.value.approvers, ['api:alice', 'slack:U0123', 'slack-group:S0456']);
  assert.equal(r.value.approvalTtlMs, 90 * 60_000);
  assert.deepEqual(r.value.store, { kind: 'memory' });
});

const bad: [string, Record<string, string>, string][] = [
  ['a port that is not a number', { APPROVAL_PORT: 'http' }, 'APPROVAL_PORT'],
  ['a TTL without a unit', { APPROVAL_TTL: '30' }, 'APPROVAL_TTL'],
  ['an unknown store', { STORE_URL: 'mongodb://x' }, 'STORE_URL'],
  ['a short token', { API_TOKENS: 'alice:short' }, 'API_TOKENS'],
  ['a token without identity', { API_TOKENS: ':aaaaaaaaaaaaaaaaaaaa' }, 'API_TOKENS'],
  ['an approver that is not a principal', { APPROVERS: 'alice' }, 'APPROVERS'],
  ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ['a public bind without tokens', { APPROVAL_HOST: '0.0.0.0' }, 'APPROVAL_HOST'],
  ['half a Slack configuration', { SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_APPROVAL_CHANNEL'],
  ['a Redis store without a signing key', { STORE_URL: 'redis://redis:6379' }, 'STORE_SIGNING_KEY'],
  [
    'a signing key shorter than 32 bytes',
    { STORE_URL: 'memory://', STORE_SIGNING_KEY: 'too-short-key' },
    'STORE_SIGNING_KEY',
  ],
];

test('takes a signing key of 32+ bytes, which Redis needs and SQLite or memory may leave unset', () => {
  const key = 'k'.repeat(32);
  const redis = loadConfig({ STORE_URL: 'redis://redis:6379', STORE_SIGNING_KEY: key });
  assert.ok(redis.ok);
  assert.equal(redis.value.storeSigningKey, key);
  const sqlite = loadConfig({ STORE_URL: 'sqlite://./kubegate.db' });
  assert.ok(sqlite.ok);
  assert.equal(sqlite.value.storeSigningKey, undefined);
  const refused = loadConfig({ STORE_URL: 'memory://', STORE_SIGNING_KEY: 'too-short-key' });
  assert.ok(!refused.ok);
  assert.ok(!JSON.stringify(refused.error).includes('too-short-key'), 'the key is never echoed');
});

for (const [name, env, variable] of bad) {
  test(`refuses ${name}, naming ${variable}`, () => {
    const r = loadConfig(env);
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.ok(
      r.error.some((i) => i.variable === variable),
      JSON.stringify(r.error),
    );
  });
}

test('never echoes a token in a configuration error', () => {
  const r = loadConfig({ API_TOKENS: 'alice:s3cr3t' });
  assert.ok(!r.ok);
  assert.ok(!JSON.stringify(r.error).includes('s3cr3t'));
});

test('allows a public bind when tokens are set', () => {
  const r = loadConfig({
    APPROVAL_HOST: '0.0.0.0',
    API_TOKENS: 'alice:aaaaaaaaaaaaaaaaaaaa',
    APPROVERS: 'api:bob',
  });
  assert.ok(r.ok);
});

test('treats empty values, as in a copied .env.example, as unset', () => {
  const r = loadConfig({ KUBECONFIG: '', SLACK_BOT_TOKEN: '', API_TOKENS: ' ', APPROVAL_PORT: '' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value.port, 3100);
  assert.equal(r.value.kubeconfig, undefined);
  assert.deepEqual(r.value.slack, { mode: 'disabled' });
});

test('.env.example documents every variable and loads as is', async () => {
  const { readFile } = await import('node:fs/promises');
  const { parseEnv } = await import('node:util');
  const { CONFIG_VARIABLES } = await import('../src/config.ts');
  const example = parseEnv(await readFile(new URL('../.env.example', import.meta.url), 'utf8'));
  assert.deepEqual(
    CONFIG_VARIABLES.filter((v) => !(v in example)),
    [],
  );
  assert.deepEqual(
    Object.keys(example).filter((v) => !CONFIG_VARIABLES.includes(v)),
    [],
  );
  assert.equal(loadConfig(example).ok, true);
});
