import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster } from '../support/cluster.ts';
import { startTestKubegate } from '../support/kubegate.ts';
import { startSlackApiDouble } from '../support/slack-api-double.ts';

test('Slack down through a decision and a restart: the message is posted afterwards, showing the outcome', async () => {
  const cluster = await startTestCluster();
  const slack = await startSlackApiDouble({ botToken: 'xoxb-outage' });
  const env = {
    KUBECONFIG: cluster.kubeconfig,
    STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'kubegate-outage-')), 'kubegate.db')}`,
    APPROVERS: '*',
    SLACK_BOT_TOKEN: 'xoxb-outage',
    SLACK_SIGNING_SECRET: 'outage-signing-secret',
    SLACK_APPROVAL_CHANNEL: 'C0OUTAGE',
    SLACK_API_URL: slack.url,
    SHUTDOWN_GRACE: '100ms',
  };
  try {
    slack.inject({ status: 503, times: 1_000_000 });
    const first = await startTestKubegate(env);
    const created = await first.call('POST', '/api/approvals', {
      action: 'Scale api-service',
      commands: [
        {
          command: 'kubectl scale deployment api-service --replicas=4 -n production',
          explanation: 'outage',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: 'production' },
    });
    assert.equal(created.status, 201, 'proposals do not wait for Slack');
    const rejected = await first.call('POST', `/api/approvals/${created.json.id}/reject`, {
      reason: 'decided while Slack was down',
    });
    assert.equal(rejected.status, 200);
    await first.close();
    assert.equal(slack.messages.size, 0, 'nothing reached Slack yet');

    slack.clearFaults();
    const second = await startTestKubegate(env);
    await second.slack?.notifier.idle();
    const messages = [...slack.messages.values()].filter((m) =>
      JSON.stringify(m.blocks).includes(created.json.id),
    );
    assert.equal(messages.length, 1, 'posted once, after the restart');
    assert.match(
      JSON.stringify(messages[0]?.blocks),
      /Rejected by `api:local` \(rest\): decided while Slack was down/,
    );
    await second.close();
  } finally {
    await slack.close();
    await cluster.close();
  }
});
