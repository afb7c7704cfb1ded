import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startTestCluster } from '../support/cluster.ts';
import { startKubegateProcess } from '../support/processes.ts';

// The bin runs the bundle (dist/main.js and its chunks). test/mcp/transports.test.ts drives a whole MCP session
// over stdio through it and `npm run check:production` starts it from the image's and the tarball's installs;
// here: what the bundle adds, source maps and the compile cache, and the build's stand-ins (undici is loaded by
// client-node's first typed call; yaml and iconv-lite's codecs come from files of their own) doing their work.
const BUILT = new URL('../../dist/main.js', import.meta.url).pathname;

/** Runs the bundle to its end with nothing on stdin; its stderr is pino's JSON lines. */
async function runBundle(env: Record<string, string>): Promise<{ code: number | null; lines: any[] }> {
  const child = spawn(process.execPath, [BUILT], {
    env: { PATH: process.env.PATH, MCP_STDIO: 'off', APPROVAL_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const lines = stderr
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  return { code, lines };
}

describe(
  'the bundle',
  { skip: existsSync(BUILT) ? false : 'dist/main.js is missing: run npm run build (npm test does)' },
  () => {
    test('names the src/*.ts lines in a stack trace, through its source maps', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kubegate-bundle-'));
      // A store under a path that cannot be a directory: start-up fails inside src/store/.
      const { code, lines } = await runBundle({ HOME: home, STORE_URL: 'sqlite:///dev/null/kubegate.db' });
      assert.equal(code, 1);
      const fatal = lines.find((l) => l.msg === 'kubegate failed to start');
      assert.ok(fatal, 'the failure was logged');
      const stack = String(fatal.err.stack);
      assert.match(stack, /\/src\/store\/[a-z-]+\.ts:\d+:\d+/);
      assert.match(stack, /\/src\/app\.ts:\d+:\d+/);
      assert.doesNotMatch(stack, /\/dist\//, 'no frame is left in the generated chunks');
    });

    test('keeps its compile cache in the per-user cache directory, and starts without one', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kubegate-bundle-'));
      const cache = join(home, 'cache');
      const failing = { HOME: home, STORE_URL: 'sqlite:///dev/null/kubegate.db' };
      await runBundle({ ...failing, XDG_CACHE_HOME: cache });
      assert.ok(readdirSync(join(cache, 'kubegate')).length > 0, 'V8 wrote its cache under $XDG_CACHE_HOME');
      // Nowhere writable for the cache: the start goes on all the same (and fails only where the store fails).
      const { lines } = await runBundle({ ...failing, XDG_CACHE_HOME: '/dev/null', TMPDIR: '/dev/null' });
      assert.ok(lines.some((l) => l.msg === 'kubegate failed to start'));
    });

    test('serves Prometheus metrics from the prom-client modules it was built with', async () => {
      const kubegate = await startKubegateProcess({ STORE_URL: 'memory://' }, { entry: BUILT });
      try {
        const metrics = await fetch(`${kubegate.url}/metrics`);
        assert.equal(metrics.status, 200);
        const text = await metrics.text();
        assert.match(text, /^kubegate_pending_approvals 0$/m, "kubegate's own gauge, collected when scraped");
        assert.match(text, /^# TYPE kubegate_decisions_total counter$/m);
        assert.match(text, /^# TYPE kubegate_time_to_decision_seconds histogram$/m);
        // prom-client's default metrics, with kubegate's prefix.
        assert.match(text, /^kubegate_process_cpu_user_seconds_total \d/m);
        assert.match(text, /^kubegate_nodejs_eventloop_lag_seconds \d/m);
      } finally {
        await kubegate.stop();
      }
    });

    test('sleeps while idle: nothing wakes it every few milliseconds before /metrics is scraped', async () => {
      const kubegate = await startKubegateProcess({ STORE_URL: 'memory://' }, { entry: BUILT });
      try {
        // Idle means after the loads that follow the first answer (/readyz was it): the Kubernetes stack last,
        // which the start-up report's `Kubernetes` line announces (configured or disabled).
        while (!/"msg":"Kubernetes( is disabled)?:/.test(kubegate.stderr.join(''))) await delay(25);
        const status = `/proc/${String(kubegate.child.pid)}/status`;
        const wakeups = (): number =>
          Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(readFileSync(status, 'utf8'))?.[1]);
        const before = wakeups();
        await delay(1000); // the span measured, not a wait for something to happen
        // Node's event-loop lag monitor (prom-client's default metrics) would wake it ~100 times in that second.
        assert.ok(wakeups() - before < 25, `${String(wakeups() - before)} wake-ups in an idle second`);
        const metrics = await (await fetch(`${kubegate.url}/metrics`)).text();
        assert.match(
          metrics,
          /^kubegate_nodejs_eventloop_lag_seconds \d/m,
          'the runtime metrics, from the first scrape',
        );
      } finally {
        await kubegate.stop();
      }
    });

    test('reads a YAML policy file through yaml, from its own file', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kubegate-bundle-'));
      const policyFile = join(home, 'policy.yaml');
      writeFileSync(
        policyFile,
        ['rules:', '  - name: bundle-rule', '    approvers: ["api:alice"]', '    quorum: 1', ''].join('\n'),
      );
      const kubegate = await startKubegateProcess(
        {
          HOME: home,
          STORE_URL: 'memory://',
          API_TOKENS: 'alice:alice-token-0123456789abcdef',
          POLICY_FILE: policyFile,
        },
        { entry: BUILT },
      );
      try {
        const policy = await fetch(`${kubegate.url}/api/policy`, {
          headers: { authorization: 'Bearer alice-token-0123456789abcdef' },
        });
        assert.equal(policy.status, 200, await policy.clone().text());
        assert.match(await policy.text(), /"bundle-rule"/);
      } finally {
        await kubegate.stop();
      }
    });

    test("changes a cluster: client-node's typed calls load undici at their first use", async () => {
      const cluster = await startTestCluster();
      // One local user on loopback (no API_TOKENS, no Slack) may approve their own proposal.
      const kubegate = await startKubegateProcess(
        { KUBECONFIG: cluster.kubeconfig, STORE_URL: 'memory://' },
        { entry: BUILT },
      );
      try {
        const ready = (await (await fetch(`${kubegate.url}/readyz`)).json()) as {
          checks: { kubernetes: string };
        };
        assert.equal(ready.checks.kubernetes, 'ok', 'the readiness check reached the API server');
        const command = 'kubectl scale deployment api-service --replicas=4 -n production';
        const proposed = await fetch(`${kubegate.url}/api/approvals`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            action: 'scale api-service to 4',
            commands: [{ command, explanation: 'bundle test', safety_level: 'CAUTION' }],
          }),
        });
        // A JSON body is decoded by iconv-lite, whose codecs come from dist/iconv-lite-encodings.cjs.
        assert.equal(proposed.status, 201, await proposed.clone().text());
        const { id } = (await proposed.json()) as { id: string };
        const approved = await fetch(`${kubegate.url}/api/approvals/${id}/approve`, { method: 'POST' });
        assert.equal(approved.status, 200, await approved.clone().text());
        let state = '';
        for (let i = 0; i < 400 && !['succeeded', 'failed'].includes(state); i++) {
          state = ((await (await fetch(`${kubegate.url}/api/approvals/${id}`)).json()) as { state: string })
            .state;
          if (!['succeeded', 'failed'].includes(state)) await delay(25);
        }
        assert.equal(state, 'succeeded');
        const deployment = cluster.double
          .list('deployments', 'production')
          .find((d) => d.metadata.name === 'api-service');
        assert.equal((deployment?.['spec'] as { replicas?: number } | undefined)?.replicas, 4);
        // The start-up report names the cluster once the Kubernetes stack has loaded, after the port answered.
        assert.match(
          kubegate.stderr.join(''),
          new RegExp(`"msg":"Kubernetes: ${cluster.double.url} \\(context `),
        );
      } finally {
        await kubegate.stop();
        await cluster.close();
      }
    });
  },
);
