import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APPROVE_ACTION } from '../../src/slack/ids.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';
import { startSlackApiDouble, type SlackApiDouble } from '../support/slack-api-double.ts';
import { blockActionPayload, slashCommandFields } from '../support/slack-signing.ts';
import { startSocketModeDouble, type SocketModeDouble } from '../support/socket-mode-double.ts';

const BOT = 'xoxb-kubegate-socket';
const APP_TOKEN = 'xapp-1-A0001-1-test';
const CHANNEL = 'C0SOCKET';

describe('Slack in Socket Mode', () => {
  let cluster: TestCluster;
  let slack: SlackApiDouble;
  let socket: SocketModeDouble;
  let kg: TestKubegate;

  before(async () => {
    cluster = await startTestCluster();
    slack = await startSlackApiDouble({ botToken: BOT });
    socket = await startSocketModeDouble({ webApi: slack, appToken: APP_TOKEN });
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      APPROVERS: 'slack:UALICE',
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_APPROVAL_CHANNEL: CHANNEL,
      SLACK_API_URL: slack.url,
    });
    await socket.connected;
  });
  after(async () => {
    await kg.close();
    await socket.close();
    await slack.close();
    await cluster.close();
  });

  test('posts the proposal, takes an approval over the socket, runs it once and updates the message', async () => {
    const created = await kg.call('POST', '/api/approvals', {
      action: 'Restart crashed pod',
      commands: [
        {
          command: `kubectl delete pod ${cluster.fixture.pod} -n production`,
          explanation: 'OOMKilled',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: 'production' },
    });
    assert.equal(created.status, 201);
    const id = created.json.id as string;
    await kg.slack?.notifier.idle();
    const message = [...slack.messages.values()].find((m) => JSON.stringify(m.blocks).includes(id));
    assert.ok(message, 'the approval message was posted');

    const ack = await socket.sendInteractive(
      blockActionPayload({
        userId: 'UALICE',
        actionId: APPROVE_ACTION,
        value: id,
        channelId: CHANNEL,
        messageTs: message.ts,
      }),
    );
    assert.ok(ack.envelope_id);
    await kg.until(id, 'succeeded');
    await kg.slack?.notifier.idle();
    assert.equal(cluster.sent('DELETE', `/pods/${cluster.fixture.pod}`), 1);
    const updated = slack.messages.get(`${message.channel}:${message.ts}`);
    assert.match(JSON.stringify(updated?.blocks), /Approved by <@UALICE> \(slack\)/);
  });

  test('answers /k8s-pending in the acknowledgement', async () => {
    const ack = await socket.sendSlashCommand(
      slashCommandFields({ userId: 'UALICE', command: '/k8s-pending', text: '', channelId: CHANNEL }),
    );
    assert.match(JSON.stringify(ack.payload), /Nothing is waiting for your approval/);
  });
});
