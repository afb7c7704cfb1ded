// npm run web:screenshots — the approval page at desktop and phone width, as PNGs in docs/ (linked from README).
// kubegate runs against the API-server double with a few realistic proposals, so the previews are real ones; the
// page is shown by the same headless Chromium the browser tests use (apt-get install -y chromium).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestCluster } from '../test/support/cluster.ts';
import { startTestKubegate } from '../test/support/kubegate.ts';
import { launchChromium } from '../test/web/browser.ts';

const out = fileURLToPath(new URL('../docs/', import.meta.url));
const AGENT = { authorization: 'Bearer agent-token-0123456789' };
const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const NS = 'production';

const cluster = await startTestCluster();
const kg = await startTestKubegate({
  KUBECONFIG: cluster.kubeconfig,
  API_TOKENS: 'alice:alice-token-0123456789,bob:bob-token-0123456789,agent:agent-token-0123456789',
  APPROVERS: 'api:alice,api:bob',
});
const browser = await launchChromium();
try {
  const propose = async (action: string, command: string, explanation: string, safety = 'CAUTION') => {
    const res = await kg.call(
      'POST',
      '/api/approvals',
      {
        action,
        commands: [{ command, explanation, safety_level: safety }],
        metadata: { severity: 'HIGH', service: 'api-service', namespace: NS },
      },
      AGENT,
    );
    if (res.status !== 201) throw new Error(`proposal refused: ${JSON.stringify(res.json)}`);
    return res.json.id as string;
  };
  const done = await propose(
    'Scale api-service for the traffic spike',
    `kubectl scale deployment api-service --replicas=5 -n ${NS}`,
    'p99 latency above SLO for 10 minutes',
  );
  await kg.call('POST', `/api/approvals/${done}/approve`, { comment: 'go' }, ALICE);
  await kg.until(done, 'succeeded');
  const rejected = await propose(
    'Delete the postgres statefulset',
    `kubectl delete statefulset postgres -n ${NS}`,
    'reset the database',
    'DANGEROUS',
  );
  await kg.call(
    'POST',
    `/api/approvals/${rejected}/reject`,
    { reason: 'never delete the database to fix a crash loop' },
    ALICE,
  );
  await propose(
    'Restart crashed pods',
    `kubectl delete pod ${cluster.fixture.pod} -n ${NS}`,
    'Delete the OOMKilled pod to trigger restart',
  );
  await propose(
    'Roll back the bad release',
    `kubectl rollout undo deployment/api-service -n ${NS}`,
    'api:1.4.2 crash-loops since the deploy',
  );
  await propose(
    'Take node-1 out of scheduling',
    'kubectl cordon node-1',
    'disk pressure on node-1',
    'DANGEROUS',
  );

  mkdirSync(out, { recursive: true });
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const context = await browser.newContext({
      viewport,
      deviceScaleFactor: name === 'phone' ? 2 : 1,
      colorScheme: 'light',
    });
    const page = await context.newPage();
    await page.goto(`${kg.url}/`);
    await page.getByLabel('API token').fill('alice-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#live[data-state="live"]').waitFor();
    await page.locator('#pending-list > li').nth(2).waitFor();
    await page.locator('#audit-table tbody tr').first().waitFor();
    await page.screenshot({ path: `${out}web-${name}.png`, fullPage: name === 'desktop' });
    process.stdout.write(`wrote docs/web-${name}.png\n`);
    await context.close();
  }
} finally {
  await browser.close();
  await kg.close();
  await cluster.close();
}
