// npm run demo — kubegate against the in-repo Kubernetes API-server double, for trying it without a cluster.
import { loadConfig } from '../src/config.ts';
import { startKubegate } from '../src/app.ts';
import { createLogger } from '../src/observability/log.ts';
import { describeStartup } from '../src/startup-report.ts';
import { startTestCluster } from '../test/support/cluster.ts';

const cluster = await startTestCluster();
const loaded = loadConfig({ STORE_URL: 'memory://', ...process.env, KUBECONFIG: cluster.kubeconfig });
if (!loaded.ok) {
  for (const issue of loaded.error) process.stderr.write(`${issue.variable}: ${issue.message}\n`);
  process.exit(1);
}
const logger = createLogger(loaded.value.log);
const kubegate = await startKubegate({ config: loaded.value, logger });
describeStartup(logger, loaded.value, kubegate);
logger.info(
  { pods: cluster.double.list('pods', 'production').map((p) => p.metadata.name) },
  `demo cluster at ${cluster.double.url}: namespace production, deployment api-service (revisions 3 and 4), node node-1. Try:\n` +
    `  curl -s -X POST ${kubegate.url}/api/approvals -H 'Content-Type: application/json' -d '{"action":"Restart crashed pods","commands":[{"command":"kubectl delete pod ${cluster.fixture.pod} -n production","explanation":"Delete the OOMKilled pod","safety_level":"CAUTION"}],"metadata":{"severity":"HIGH","namespace":"production"}}'`,
);
const stop = (): void => {
  void kubegate
    .close()
    .then(() => cluster.close())
    .then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
