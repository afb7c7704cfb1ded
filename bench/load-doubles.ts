// The API-server and Slack Web API doubles of bench:load, in a process of their own (bench/load.ts forks it), so
// that the load generator's event loop only sends requests and times answers: with the doubles beside it, their
// work delayed the timing of every answer by tens of milliseconds at p99.
import { startTestCluster } from '../test/support/cluster.ts';
import { startSlackApiDouble } from '../test/support/slack-api-double.ts';

export type DoublesReady = {
  readonly kubeconfig: string;
  readonly slackUrl: string;
  readonly cpuPid: number;
};
export type SlackCounts = Record<'chat.postMessage' | 'chat.update' | 'chat.postEphemeral', number>;

const [botToken = '', poolText = '0'] = process.argv.slice(2);
const POOL = Number(poolText);
const deploymentName = (i: number): string => `load-${i}`;

const cluster = await startTestCluster();
const slack = await startSlackApiDouble({ botToken });
// Each proposal scales deployments of the bench's own pool (see bench/load.ts).
cluster.double.seed(
  Array.from({ length: POOL }, (_, i) => {
    const labels = { app: deploymentName(i) };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: deploymentName(i), namespace: 'production', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      },
    };
  }),
);

process.on('message', (message) => {
  if (message === 'counts') {
    const counts: SlackCounts = {
      'chat.postMessage': slack.callsTo('chat.postMessage').length,
      'chat.update': slack.callsTo('chat.update').length,
      'chat.postEphemeral': slack.callsTo('chat.postEphemeral').length,
    };
    process.send?.({ counts });
  } else if (message === 'close') {
    void Promise.all([slack.close(), cluster.close()]).then(() => process.exit(0));
  }
});
const ready: DoublesReady = { kubeconfig: cluster.kubeconfig, slackUrl: slack.url, cpuPid: process.pid };
process.send?.({ ready });
