// npm run bench:slack — acknowledgement latency of signed button clicks while executions are in flight, and the
// time from a proposal to its chat.postMessage. kubegate, the Slack double and the API-server double share this process.
import { startTestCluster } from '../test/support/cluster.ts';
import { startTestKubegate } from '../test/support/kubegate.ts';
import { startSlackApiDouble } from '../test/support/slack-api-double.ts';
import { blockActionPayload, sendSlackRequest } from '../test/support/slack-signing.ts';
import { APPROVE_ACTION } from '../src/slack/ids.ts';
import { percentile, report } from './stats.ts';

const SECRET = 'bench-signing-secret';
const BOT = 'xoxb-bench';
const CHANNEL = 'C0BENCH';
const CLICKS = 200;

const cluster = await startTestCluster();
const slack = await startSlackApiDouble({ botToken: BOT });
const kg = await startTestKubegate({
  KUBECONFIG: cluster.kubeconfig,
  APPROVERS: '*',
  SLACK_BOT_TOKEN: BOT,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_APPROVAL_CHANNEL: CHANNEL,
  SLACK_API_URL: slack.url,
});
// Distinct replica counts: kubegate joins a repeat of a pending proposal to it (200, not a new 201).
const body = (replicas: number) => ({
  action: `Pin api-service at ${replicas} replicas`,
  commands: [
    {
      command: `kubectl scale deployment api-service --replicas=${replicas} -n production`,
      explanation: 'bench',
      safety_level: 'CAUTION',
    },
  ],
  metadata: { namespace: 'production' },
});

// Proposal → chat.postMessage, one at a time so each post is attributable.
const toPost: number[] = [];
const ids: string[] = [];
for (let i = 0; i < CLICKS + 10; i++) {
  const posting = slack.nextCall('chat.postMessage');
  const start = performance.now();
  const created = await kg.call('POST', '/api/approvals', body(i + 4));
  if (created.status !== 201) throw new Error(JSON.stringify(created.json));
  const call = await posting;
  toPost.push(call.at - start);
  ids.push(created.json.id as string);
}
await kg.slack?.notifier.idle();
const tsOf = new Map<string, string>();
for (const m of slack.messages.values()) {
  const id = ids.find((x) => JSON.stringify(m.blocks).includes(x));
  if (id && m.thread_ts === undefined) tsOf.set(id, m.ts);
}

// Ten executions in flight: their Kubernetes calls answer only after 5 s.
cluster.double.inject({
  method: 'GET',
  pathPrefix: '/apis/apps/v1/namespaces/production/deployments/api-service/scale',
  delayMs: 5000,
  times: 10,
});
for (const id of ids.slice(0, 10)) await kg.service.approve(id, { principal: 'slack:UBENCH' }, 'slack');
const inFlight = kg.runtime.executionsInFlight;

const acks: number[] = [];
for (const id of ids.slice(10)) {
  const fields = blockActionPayload({
    userId: 'UBENCH',
    actionId: APPROVE_ACTION,
    value: id,
    channelId: CHANNEL,
    messageTs: tsOf.get(id) ?? '',
  });
  const answer = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, { kind: 'form', fields });
  if (answer.status !== 200) throw new Error(`click answered ${answer.status}`);
  acks.push(answer.ms);
}
await kg.close();
await slack.close();
await cluster.close();

console.log(
  `kubegate bench:slack (HTTP mode, ${CLICKS} signed approve clicks, ${inFlight} executions in flight when clicking began)`,
);
const ackP99 = percentile(acks, 99);
console.log(
  `${report('click → acknowledgement', acks)}  (goal p99 ≤ 50 ms: ${ackP99 <= 50 ? 'met' : 'MISSED'}; Slack allows 3000 ms)`,
);
const postP50 = percentile(toPost, 50);
console.log(
  `${report('proposal → chat.postMessage', toPost)}  (goal p50 ≤ 20 ms: ${postP50 <= 20 ? 'met' : 'MISSED'})`,
);
