// npm run test:conformance — the MCP project's own conformance suite against kubegate's /mcp, for the server
// scenarios that apply to any server (the others call tools only its reference server has).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { startKubegate } from '../src/app.ts';
import { createLogger } from '../src/observability/log.ts';
import { startTestCluster } from '../test/support/cluster.ts';

const SCENARIOS = process.env.CONFORMANCE_SCENARIOS?.split(',') ?? [
  'server-initialize',
  'ping',
  'tools-list',
  'logging-set-level',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
];
const run = promisify(execFile);

const cluster = await startTestCluster();
const loaded = loadConfig({ STORE_URL: 'memory://', KUBECONFIG: cluster.kubeconfig, APPROVAL_PORT: '0' });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
const kubegate = await startKubegate({
  config: loaded.value,
  logger: createLogger({ level: 'warn', pretty: false }),
});
const url = `http://localhost:${kubegate.port}/mcp`;
const failed: string[] = [];
try {
  for (const scenario of SCENARIOS) {
    // The CLI may exit 0 with failed checks, so its own summary line decides too.
    const outcome = await run('conformance', ['server', '--url', url, '--scenario', scenario], {
      timeout: 120_000,
    }).then(
      (r) => {
        const out = r.stdout + r.stderr;
        const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(out);
        return { ok: summary !== null && summary[1] === summary[2] && summary[3] === '0', out };
      },
      (e: unknown) => {
        const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
        return { ok: false, out: `${stdout}${stderr}` };
      },
    );
    process.stdout.write(`${outcome.ok ? 'PASS' : 'FAIL'} ${scenario}\n`);
    if (!outcome.ok) {
      failed.push(scenario);
      process.stdout.write(outcome.out);
    }
  }
} finally {
  await kubegate.close();
  await cluster.close();
}
process.stdout.write(`${SCENARIOS.length - failed.length} passed, ${failed.length} failed\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
