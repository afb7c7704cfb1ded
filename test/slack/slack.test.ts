import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPROVE_ACTION,
  REASON_BLOCK,
  REASON_INPUT,
  REJECT_ACTION,
  REJECT_MODAL,
} from '../../src/slack/ids.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';
import { startSlackApiDouble, type SlackApiDouble } from '../support/slack-api-double.ts';
import {
  blockActionPayload,
  sendSlackRequest,
  slashCommandFields,
  viewSubmissionPayload,
} from '../support/slack-signing.ts';
import {
  messageOf as messageIn,
  nextChange as nextChangeOf,
  repliesTo as repliesIn,
  settled as settledOf,
  slackEnv,
} from '../support/slack-view.ts';

const SECRET = 'slack-signing-secret-for-tests';
const BOT = 'xoxb-kubegate-test';
const CHANNEL = 'C0APPROVALS';
const NS = 'production';
const AGENT = { authorization: 'Bearer agent-token-0123456789' };
const BOB = { authorization: 'Bearer bob-token-0123456789' };

const proposal = (command: string, safety_level = 'CAUTION') => ({
  action: `Remediate: ${command}`,
  commands: [{ command, explanation: 'remediation', safety_level }],
  metadata: { severity: 'HIGH', service: 'api-service', namespace: NS },
});

describe('Slack in HTTP mode', () => {
  let cluster: TestCluster;
  let slack: SlackApiDouble;
  let kg: TestKubegate;

  before(async () => {
    cluster = await startTestCluster();
    slack = await startSlackApiDouble({ botToken: BOT });
    slack.setUserGroup('SOPS', ['UCAROL']);
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: 'agent:agent-token-0123456789,bob:bob-token-0123456789',
      APPROVERS: 'slack:UALICE,slack-group:SOPS,api:bob',
      ...slackEnv(slack, { bot: BOT, secret: SECRET, channel: CHANNEL }),
    });
  });
  after(async () => {
    await kg.close();
    await slack.close();
    await cluster.close();
  });

  const settled = () => settledOf(kg);
  /** The approval's top-level message as Slack currently shows it. */
  const messageOf = (id: string) => messageIn(slack, id);
  const nextChange = (id: string) => nextChangeOf(kg, id);
  const repliesTo = (ts: string) => repliesIn(slack, ts);
  const propose = async (body: unknown): Promise<string> => {
    const res = await kg.call('POST', '/api/approvals', body, AGENT);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await settled();
    return res.json.id as string;
  };
  const click = (
    user: string,
    actionId: string,
    id: string,
    extra: { retryNum?: number; triggerId?: string } = {},
  ) => {
    const message = messageOf(id);
    return sendSlackRequest(
      `${kg.url}/slack/events`,
      SECRET,
      {
        kind: 'form',
        fields: blockActionPayload({
          userId: user,
          actionId,
          value: id,
          channelId: CHANNEL,
          messageTs: message.ts,
          ...(extra.triggerId ? { triggerId: extra.triggerId } : {}),
        }),
      },
      extra.retryNum === undefined ? {} : { retryNum: extra.retryNum },
    );
  };
  const buttonsOf = (id: string): string[] =>
    messageOf(id).blocks.flatMap((b: any) =>
      b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : [],
    );
  const stateOf = async (id: string) =>
    (await kg.call('GET', `/api/approvals/${id}`, undefined, AGENT)).json.state;

  test('posts each proposal to the channel with Approve and Reject buttons and the preview', async () => {
    const id = await propose(proposal(`kubectl delete pod ${cluster.fixture.pod} -n ${NS}`));
    const message = messageOf(id);
    assert.equal(message.channel, CHANNEL);
    assert.deepEqual(buttonsOf(id), [APPROVE_ACTION, REJECT_ACTION]);
    const text = JSON.stringify(message.blocks);
    assert.match(text, /OOMKilled/);
    assert.match(text, /needs 1 approval · expires <!date\^\d+\^\{time\}\|/);
    assert.ok(slack.callsTo('chat.postMessage').every((c) => c.token === BOT));
    // Settle it, or the next proposal of the same operations would join this pending one (storm collapsing).
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'test done' }, BOB);
  });

  test('posts the largest proposal allowed within Block Kit limits, every command shown whole', async () => {
    const commands = Array.from({ length: 20 }, (_, i) => ({
      command: `kubectl get pods -l app=worker-${i} -n ${NS}`,
      explanation: `check ${i}: ${'x'.repeat(1900)}`,
      safety_level: 'SAFE',
    }));
    const id = await propose({
      action: 'A'.repeat(200),
      commands,
      metadata: { namespace: NS, service: 's'.repeat(250) },
    });
    const text = JSON.stringify(messageOf(id).blocks);
    const fence = '`'.repeat(3);
    for (let i = 0; i < 20; i++)
      assert.ok(
        text.includes(`${fence}kubectl get pods -n ${NS} -l app=worker-${i}${fence}`),
        `command ${i + 1} is shown whole`,
      );
    assert.ok(messageOf(id).blocks.length <= 50);
  });

  test('an allowed approver runs the action once: message updated, results in the thread', async () => {
    const id = await propose(proposal(`kubectl delete pod ${cluster.fixture.pod} -n ${NS}`));
    const answer = await click('UALICE', APPROVE_ACTION, id);
    assert.equal(answer.status, 200);
    await kg.until(id, 'succeeded');
    await settled();
    assert.equal(cluster.sent('DELETE', `/pods/${cluster.fixture.pod}`), 1);
    const message = messageOf(id);
    assert.deepEqual(buttonsOf(id), [], 'buttons are gone');
    assert.match(JSON.stringify(message.blocks), /Approved by <@UALICE> \(slack\)/);
    assert.match(JSON.stringify(message.blocks), /Succeeded/);
    const replies = repliesTo(message.ts).map((m) => m.text);
    assert.ok(
      replies.some((t) => t.includes('Executing 1 command')),
      JSON.stringify(replies),
    );
    assert.ok(
      replies.some((t) => t.includes('succeeded') && t.includes('deleted')),
      JSON.stringify(replies),
    );
  });

  test('a user who may not decide gets an ephemeral refusal and nothing changes', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service --replicas=4 -n ${NS}`));
    const refused = slack.nextCall('chat.postEphemeral');
    const answer = await click('UMALLORY', APPROVE_ACTION, id);
    assert.equal(answer.status, 200);
    const ephemeral = await refused;
    assert.equal(ephemeral.args.user, 'UMALLORY');
    assert.match(String(ephemeral.args.text), /not among kubegate's approvers/);
    assert.equal(await stateOf(id), 'pending');
    assert.deepEqual(buttonsOf(id), [APPROVE_ACTION, REJECT_ACTION]);
  });

  test('a button or form naming an unknown or malformed id gets the core not_found, privately', async () => {
    const real = await propose(proposal(`kubectl scale deployment api-service --replicas=11 -n ${NS}`));
    const send = (fields: Record<string, string>) =>
      sendSlackRequest(`${kg.url}/slack/events`, SECRET, { kind: 'form', fields });
    for (const id of ['apr_01m85bcq060kbafc7h4jspxn57', 'apr_nope', '<!channel>']) {
      for (const actionId of [APPROVE_ACTION, REJECT_ACTION]) {
        const refused = slack.nextCall('chat.postEphemeral');
        const answer = await send(
          blockActionPayload({
            userId: 'UALICE',
            actionId,
            value: id,
            channelId: CHANNEL,
            messageTs: messageOf(real).ts,
          }),
        );
        assert.equal(answer.status, 200);
        const ephemeral = await refused;
        assert.equal(ephemeral.args.user, 'UALICE');
        assert.match(
          String(ephemeral.args.text),
          /^:grey_question: kubegate has no approval `/,
          `${actionId} ${id}`,
        );
        assert.doesNotMatch(String(ephemeral.args.text), /<!channel>/, 'the id is escaped');
      }
      const submitted = await send(
        viewSubmissionPayload({
          userId: 'UALICE',
          callbackId: REJECT_MODAL,
          privateMetadata: JSON.stringify({ id, channel: CHANNEL }),
          values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'wrong' } } },
        }),
      );
      assert.equal(submitted.status, 200);
      const form = submitted.json as { response_action: string; errors: Record<string, string> };
      assert.equal(form.response_action, 'errors');
      assert.match(form.errors[REASON_BLOCK] ?? '', /kubegate has no approval/);
    }
    assert.equal(await stateOf(real), 'pending', 'the real approval is untouched');
  });

  test('reject opens a modal whose submission records and shows the reason', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service --replicas=6 -n ${NS}`));
    const triggerId = 'trigger-reject-1';
    const opening = slack.nextCall('views.open');
    await click('UALICE', REJECT_ACTION, id, { triggerId });
    const opened = await opening;
    assert.equal(opened.args.trigger_id, triggerId);
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    assert.equal(view.callback_id, REJECT_MODAL);
    const empty = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: viewSubmissionPayload({
        userId: 'UALICE',
        callbackId: REJECT_MODAL,
        privateMetadata: view.private_metadata,
        values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: '  ' } } },
      }),
    });
    assert.match(empty.text, /response_action/, 'an empty reason is refused on the form');
    assert.equal(await stateOf(id), 'pending');
    const submitted = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: viewSubmissionPayload({
        userId: 'UALICE',
        callbackId: REJECT_MODAL,
        privateMetadata: view.private_metadata,
        values: {
          [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'wrong deployment' } },
        },
      }),
    });
    assert.equal(submitted.status, 200);
    await settled();
    const wire = (await kg.call('GET', `/api/approvals/${id}`, undefined, AGENT)).json;
    assert.equal(wire.state, 'rejected');
    assert.equal(wire.reason, 'wrong deployment');
    assert.match(JSON.stringify(messageOf(id).blocks), /Rejected by <@UALICE> \(slack\): wrong deployment/);
  });

  test('a decision over REST updates the Slack message the same way', async () => {
    const id = await propose(proposal(`kubectl rollout restart deployment/api-service -n ${NS}`));
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'decided in the incident call' }, BOB);
    await settled();
    assert.deepEqual(buttonsOf(id), []);
    assert.match(
      JSON.stringify(messageOf(id).blocks),
      /Rejected by `api:bob` \(rest\): decided in the incident call/,
    );
  });

  test('a dangerous proposal needs two approvers; a group member counts', async () => {
    const id = await propose(proposal('kubectl cordon node-1'));
    const decided = nextChange(id);
    await click('UALICE', APPROVE_ACTION, id);
    await decided;
    await settled();
    assert.match(JSON.stringify(messageOf(id).blocks), /Approvals: \*1 of 2\*/);
    assert.deepEqual(buttonsOf(id), [APPROVE_ACTION, REJECT_ACTION], 'buttons stay until the quorum is met');
    const refusal = slack.nextCall('chat.postEphemeral');
    const again = await click('UALICE', APPROVE_ACTION, id);
    assert.equal(again.status, 200);
    assert.match(String((await refusal).args.text), /already approved/);
    await click('UCAROL', APPROVE_ACTION, id);
    await kg.until(id, 'succeeded');
    await settled();
    // One line per decision, each with its time.
    assert.match(
      JSON.stringify(messageOf(id).blocks),
      /Approved by <@UALICE> \(slack\) — <!date\^\d+\^[^|]+\|[^>]+>\\n:white_check_mark: Approved by <@UCAROL> \(slack\) — <!date/,
    );
  });

  test('a Slack retry of a click never decides twice', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service --replicas=3 -n ${NS}`));
    const first = await click('UALICE', APPROVE_ACTION, id);
    const retried = await click('UALICE', APPROVE_ACTION, id, { retryNum: 1 });
    assert.equal(first.status, 200);
    assert.equal(retried.status, 200);
    const done = await kg.until(id, 'succeeded');
    assert.equal(done.decisions.length, 1);
  });

  test('/k8s-pending lists what waits, shows one by id, and explains itself', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service --replicas=5 -n ${NS}`));
    const send = (text: string) =>
      sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
        kind: 'form',
        fields: slashCommandFields({ userId: 'UALICE', command: '/k8s-pending', text, channelId: CHANNEL }),
      });
    const listed = await send('');
    assert.equal(listed.status, 200);
    const list = listed.json as { response_type: string; text: string };
    assert.equal(list.response_type, 'ephemeral');
    assert.match(list.text, new RegExp(id));
    assert.match(list.text, /https:\/\/kubegate-test\.slack\.com\/archives\//, 'links to the message');
    const one = (await send(id)).json as { blocks: unknown[] };
    assert.match(JSON.stringify(one.blocks), new RegExp(APPROVE_ACTION));
    assert.match(((await send('help')).json as { text: string }).text, /\/k8s-pending ID/);
    assert.match(((await send('apr_nope')).json as { text: string }).text, /No approval/);
  });

  test('a forged signature and a stale timestamp get 401 and change nothing', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service --replicas=2 -n ${NS}`));
    const fields = blockActionPayload({
      userId: 'UALICE',
      actionId: APPROVE_ACTION,
      value: id,
      channelId: CHANNEL,
      messageTs: messageOf(id).ts,
    });
    const forged = await sendSlackRequest(
      `${kg.url}/slack/events`,
      SECRET,
      { kind: 'form', fields },
      { signature: 'v0=deadbeef' },
    );
    assert.equal(forged.status, 401);
    const stale = await sendSlackRequest(
      `${kg.url}/slack/events`,
      SECRET,
      { kind: 'form', fields },
      { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    assert.equal(stale.status, 401);
    const wrongSecret = await sendSlackRequest(`${kg.url}/slack/events`, 'not-the-secret', {
      kind: 'form',
      fields,
    });
    assert.equal(wrongSecret.status, 401);
    assert.equal(await stateOf(id), 'pending');
  });

  test('Slack answering 429 then recovering: the message is posted once, after Retry-After', async () => {
    slack.inject({ method: 'chat.postMessage', status: 429, retryAfter: 1, times: 1 });
    const before = slack.callsTo('chat.postMessage').length;
    const res = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl scale deployment api-service --replicas=7 -n ${NS}`),
      AGENT,
    );
    assert.equal(res.status, 201, 'the proposal does not wait for Slack');
    assert.equal(
      (await kg.call('POST', `/api/approvals/${res.json.id}/reject`, { reason: 'still decidable' }, BOB))
        .status,
      200,
    );
    await settled();
    // Top-level posts only: the rejection's thread reply is a chat.postMessage too.
    const posts = slack
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((c) => c.args.thread_ts === undefined);
    assert.equal(posts.length, 2, 'one refused with 429, one accepted');
    assert.ok((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0) >= 1000, 'the retry honoured Retry-After');
    assert.match(
      JSON.stringify(messageOf(res.json.id).blocks),
      /Rejected/,
      'posted once, showing the latest state',
    );
  });
});
