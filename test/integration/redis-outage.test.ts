import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { freePort } from '../support/processes.ts';
import { startCoreKubegate } from '../support/kubegate.ts';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A redis-server of this test's own, configured as README asks (AOF, fsync on every write), so a restart loses nothing. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`redis-server exited with ${code}: ${seen}`));
    });
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const AUTH = { authorization: 'Bearer agent-token-0123456789' };
const OPS = { authorization: 'Bearer ops-token-0123456789' };

// The timeout only turns a hang into a failure; the assertions are on answers and states, never on durations.
test(
  'Redis stopped and restarted: requests get 503 with the reason at once, /readyz says so, kubegate recovers by itself',
  { skip: hasRedisServer ? false : 'no redis-server binary', timeout: 90_000 },
  async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'kubegate-redis-'));
    let redis = await startRedis(port, dir);
    const kg = await startCoreKubegate({
      STORE_URL: `redis://127.0.0.1:${port}`,
      STORE_SIGNING_KEY: 'outage-test-signing-key-of-at-least-32-bytes',
      API_TOKENS: 'agent:agent-token-0123456789,ops:ops-token-0123456789',
      APPROVERS: '*',
    });
    try {
      const created = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE, AUTH);
      assert.equal(created.status, 201);
      const id = created.json.id as string;

      await stopRedis(redis);
      for (const [method, path, body] of [
        ['POST', '/api/approvals', { ...ORIGINAL_EXAMPLE, action: 'during the outage' }],
        ['GET', '/api/approvals/pending', undefined],
        ['GET', `/api/approvals/${id}`, undefined],
        ['POST', `/api/approvals/${id}/approve`, undefined],
      ] as const) {
        const answer = await kg.call(
          method,
          path,
          body,
          method === 'POST' && path.endsWith('approve') ? OPS : AUTH,
        );
        assert.equal(answer.status, 503, `${method} ${path}: ${JSON.stringify(answer.json)}`);
        assert.equal(answer.type, 'application/problem+json');
        assert.match(answer.json.detail, /Redis store is unavailable/);
      }
      const notReady = await kg.call('GET', '/readyz');
      assert.equal(notReady.status, 503);
      assert.match(notReady.json.checks.store, /^unreachable: .*Redis/);

      // Same port, same append-only file: the approval made before the outage is still there afterwards.
      redis = await startRedis(port, dir);
      for (;;) {
        const ready = await kg.call('GET', '/readyz');
        if (ready.status === 200) break;
        await new Promise((r) => setTimeout(r, 100)); // reconnection is node-redis's, on its own schedule
      }
      const succeeded = kg.until(id, 'succeeded');
      const approved = await kg.call('POST', `/api/approvals/${id}/approve`, undefined, OPS);
      assert.equal(approved.status, 200, JSON.stringify(approved.json));
      assert.equal((await succeeded).id, id);
    } finally {
      await kg.close();
      if (redis.exitCode === null) await stopRedis(redis);
    }
  },
);
