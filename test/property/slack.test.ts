import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  APPROVE_ACTION,
  PENDING_COMMAND,
  REASON_BLOCK,
  REASON_INPUT,
  REJECT_ACTION,
  REJECT_MODAL,
} from '../../src/slack/ids.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';
import { approvalIn } from '../support/approvals.ts';
import type { Approval } from '../../src/approvals/model.ts';
import { renderApprovalMessage } from '../../src/slack/blocks.ts';
import { withQuorum } from '../../src/approvals/quorum.ts';
import { toWireApproval } from '../../src/wire/approval.ts';
import { startSlackApiDouble, type SlackApiDouble } from '../support/slack-api-double.ts';
import { mrkdwnTexts } from '../support/slack-view.ts';
import {
  blockActionPayload,
  sendSlackRequest,
  signSlackRequest,
  slashCommandFields,
  viewSubmissionPayload,
  type SlackRequestBody,
  type SlackResponse,
} from '../support/slack-signing.ts';

const SECRET = 'slack-signing-secret-for-property-tests';
const BOT = 'xoxb-kubegate-property';
const CHANNEL = 'C0APPROVALS';
const NS = 'production';
const APPROVER = 'UALICE';

// Bolt answers a request no listener acknowledges with 404 after 3 s, so generated requests go out in concurrent
// batches: each property is a few runs of a few dozen requests, and the properties themselves run concurrently.
const BATCH = { minLength: 30, maxLength: 50 };
const RUNS = { numRuns: 3, endOnFailure: true };

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'help',
    'HELP',
    'apr_',
    '<@UALICE>',
    '<!channel>',
    '*bold*',
    '```x```',
    '\u202e',
    'apr_00000000000000000000000000',
  ),
  fc.stringMatching(/^apr_[0-9a-z]{20,40}$/),
);
const userId = fc.oneof(
  fc.constantFrom('UMALLORY', 'U0', 'UBOT', 'ualice', `${APPROVER} `),
  fc.stringMatching(/^U[A-Z0-9]{1,12}$/).filter((u) => u !== APPROVER),
);

describe('Slack interactions on generated payloads', { concurrency: true }, () => {
  let cluster: TestCluster;
  let slack: SlackApiDouble;
  let kg: TestKubegate;
  let pendingId = '';
  let rejectedId = '';
  let messageTs = '';
  let initial = '';
  const changes: string[] = [];

  const events = (): string => `${kg.url}/slack/events`;
  const snapshot = async (): Promise<string> => {
    const res = await kg.call('GET', '/api/approvals?limit=200');
    assert.equal(res.status, 200);
    return JSON.stringify(res.json);
  };
  const payloadFields = (payload: object | string | number | boolean | null): Record<string, string> => ({
    payload: JSON.stringify(payload),
  });
  const realId = (): fc.Arbitrary<string> => fc.constantFrom(pendingId, rejectedId);

  /**
   * Sends a batch of signed requests at once and checks each answer: never a 5xx. Then waits for kubegate to finish
   * what the acknowledged requests started (a refusal ends in a Slack call; a sentinel click is answered last) and
   * checks that no approval changed.
   */
  const sendBatch = async (
    bodies: SlackRequestBody[],
    check: (r: SlackResponse, body: SlackRequestBody) => void = () => undefined,
  ): Promise<void> => {
    const answers = await Promise.all(bodies.map((body) => sendSlackRequest(events(), SECRET, body)));
    answers.forEach((answer, i) => {
      const body = bodies[i]!;
      const shown = JSON.stringify(body).slice(0, 600);
      assert.ok(answer.status < 500, `${answer.status} for ${shown}`);
      check(answer, body);
    });
    await barrier();
    assert.deepEqual(changes, [], 'no approval changed');
    assert.equal(await snapshot(), initial);
  };
  /** A refused click by a user who may not decide: its ephemeral answer comes after the batch's work. */
  const barrier = async (): Promise<void> => {
    const sentinel = `USENTINEL${Math.floor(Math.random() * 1e9)}`;
    const answered = (async () => {
      // The double records a call and wakes its waiters in one tick, so checking before each wait misses nothing.
      while (!slack.callsTo('chat.postEphemeral').some((c) => c.args.user === sentinel)) {
        await slack.nextCall('chat.postEphemeral', 10_000);
      }
    })();
    const click = await sendSlackRequest(events(), SECRET, {
      kind: 'form',
      fields: blockActionPayload({
        userId: sentinel,
        actionId: APPROVE_ACTION,
        value: pendingId,
        channelId: CHANNEL,
        messageTs,
      }),
    });
    assert.equal(click.status, 200);
    await answered;
    await kg.slack?.notifier.idle();
  };

  before(async () => {
    cluster = await startTestCluster();
    slack = await startSlackApiDouble({ botToken: BOT });
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      APPROVERS: `slack:${APPROVER},api:local`,
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_APPROVAL_CHANNEL: CHANNEL,
      SLACK_API_URL: slack.url,
    });
    const propose = async (replicas: number): Promise<string> => {
      const res = await kg.call('POST', '/api/approvals', {
        action: `scale to ${replicas}`,
        commands: [
          {
            command: `kubectl scale deployment api-service --replicas=${replicas} -n ${NS}`,
            explanation: 'load',
            safety_level: 'CAUTION',
          },
        ],
        metadata: { namespace: NS },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json.id as string;
    };
    pendingId = await propose(4);
    rejectedId = await propose(5);
    assert.equal(
      (await kg.call('POST', `/api/approvals/${rejectedId}/reject`, { reason: 'no' })).status,
      200,
    );
    await kg.slack?.notifier.idle();
    const message = [...slack.messages.values()].find(
      (m) => m.thread_ts === undefined && JSON.stringify(m.blocks).includes(pendingId),
    );
    assert.ok(message, 'the pending proposal is posted');
    messageTs = message.ts;
    initial = await snapshot();
    kg.service.subscribe(({ approval }) => {
      changes.push(`${approval.id} → ${approval.state}`);
    });
  });
  after(async () => {
    await kg.close();
    await slack.close();
    await cluster.close();
  });

  // Fragments Slack would turn into mentions, links, dates or formatting, mixed into arbitrary text.
  const hostile = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom(
      '<!here>',
      '<!channel>',
      '<!everyone>',
      '<!subteam^S0SOPS>',
      '<@UALICE>',
      '<#C0GENERAL>',
      '<https://evil.example/x|Grafana>',
      '&lt;!here&gt;',
      '&',
      '```',
      '`',
      '*bold*',
      '_i_',
      '~s~',
      '\n> kubegate: read\n',
      ' '.repeat(40),
    ),
  );
  const agentText = fc.array(hostile, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
  // Kubegate's own markup in mrkdwn: its date token and the user mention of a Slack principal; nothing else may start with `<`.
  const OWN_MARKUP = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>]*>|<@U[A-Z0-9]+>/g;

  test('agent text never reaches mrkdwn or text unescaped, and every command is shown whole', () => {
    fc.assert(
      fc.property(
        agentText,
        agentText,
        agentText,
        agentText,
        agentText,
        fc.integer({ min: 1, max: 20 }),
        (action, explanation, service, severity, reason, count) => {
          const commands = Array.from({ length: count }, (_, i) => ({
            command: `kubectl delete pod p-${i}${' '.repeat(1300)}-n production`,
            canonical: `kubectl delete pod p-${i} -n production`,
            namespace: 'production',
          }));
          const base = approvalIn('rejected');
          const approval: Approval = {
            ...base,
            state: 'rejected',
            rejectedAt: base.createdAt,
            reason,
            decisions: [{ decision: 'reject', by: 'api:bob', via: 'rest', at: base.createdAt, reason }],
            proposal: {
              ...base.proposal,
              action,
              metadata: { namespace: 'staging', service, severity },
              commands: commands.map((c) => ({
                command: c.command,
                canonical: c.canonical,
                namespace: c.namespace,
                readOnly: false,
                explanation,
                safetyLevel: 'CAUTION',
                risk: 'dangerous',
                riskReasons: [reason],
                preview: reason,
              })),
            },
          };
          const message = renderApprovalMessage(toWireApproval(withQuorum(approval, kg.policy())));
          for (const text of mrkdwnTexts(message)) {
            const stripped = text.replace(OWN_MARKUP, '');
            assert.ok(!/[<>]/.test(stripped), `unescaped markup in ${JSON.stringify(text).slice(0, 300)}`);
            assert.ok(
              !/&(?!amp;|lt;|gt;)/.test(stripped),
              `a bare & in ${JSON.stringify(text).slice(0, 300)}`,
            );
          }
          const all = JSON.stringify(message.blocks);
          for (const c of commands)
            assert.ok(all.includes(`${c.canonical}\`\`\``), `command shown whole: ${c.canonical}`);
          assert.ok(message.blocks.length <= 50);
          for (const b of message.blocks as { type: string; text?: { text: string } }[]) {
            if (b.type === 'section' && b.text) assert.ok(b.text.text.length <= 3000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('button clicks with unknown actions, foreign values or users who may not decide change nothing', async () => {
    const click = fc
      .record({
        user: fc.oneof(userId, fc.constant(APPROVER)),
        actionId: fc.oneof(
          fc.constantFrom(APPROVE_ACTION, REJECT_ACTION),
          fc.constantFrom('kubegate.approve ', 'KUBEGATE.APPROVE', 'kubegate.cancel'),
          fc.string({ maxLength: 20 }),
        ),
        value: fc.oneof(realId(), text, fc.constant(`${pendingId} `), fc.constant(pendingId.toUpperCase())),
        channel: fc.constantFrom(CHANNEL, 'C0OTHER', ''),
        ts: fc.constantFrom(messageTs, '1.000001', 'x'),
      })
      // An approver approving the pending proposal is a valid click, not a generated error.
      .filter((c) => !(c.user === APPROVER && c.actionId === APPROVE_ACTION && c.value === pendingId));
    await fc.assert(
      fc.asyncProperty(fc.array(click, BATCH), async (clicks) => {
        await sendBatch(
          clicks.map((c) => ({
            kind: 'form',
            fields: blockActionPayload({
              userId: c.user,
              actionId: c.actionId,
              value: c.value,
              channelId: c.channel,
              messageTs: c.ts,
            }),
          })),
        );
      }),
      RUNS,
    );
  });

  test('reject forms with empty reasons, foreign metadata or users who may not decide change nothing', async () => {
    const metadata = fc.oneof(
      text,
      realId().map((id) => JSON.stringify({ id, channel: CHANNEL })),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc
        .oneof(fc.integer(), fc.constant(null), fc.constant([]), text, fc.constantFrom(...PROTO_KEYS))
        .map((id) => JSON.stringify({ id })),
      fc.constant('{"__proto__":{"id":"' + 'apr_0000000000000000000000' + '"}}'),
    );
    const submission = fc
      .record({
        user: fc.oneof(userId, fc.constant(APPROVER)),
        callbackId: fc.oneof(fc.constant(REJECT_MODAL), fc.string({ maxLength: 20 })),
        metadata,
        reason: fc.oneof(text, fc.constantFrom('', '   ', '\n\t')),
        block: fc.constantFrom(REASON_BLOCK, 'other_block'),
        input: fc.constantFrom(REASON_INPUT, 'other_input'),
      })
      // An approver rejecting the pending proposal with a reason is a valid submission.
      .filter(
        (s) =>
          !(
            s.user === APPROVER &&
            s.callbackId === REJECT_MODAL &&
            s.metadata.includes(pendingId) &&
            s.reason.trim() !== '' &&
            s.block === REASON_BLOCK &&
            s.input === REASON_INPUT
          ),
      );
    await fc.assert(
      fc.asyncProperty(fc.array(submission, BATCH), async (submissions) => {
        await sendBatch(
          submissions.map((s) => ({
            kind: 'form',
            fields: viewSubmissionPayload({
              userId: s.user,
              callbackId: s.callbackId,
              privateMetadata: s.metadata,
              values: { [s.block]: { [s.input]: { type: 'plain_text_input', value: s.reason } } },
            }),
          })),
        );
      }),
      RUNS,
    );
  });

  test('/k8s-pending answers any text privately and changes nothing', async () => {
    const command = fc.record({
      user: fc.oneof(userId, fc.constant(APPROVER)),
      text: fc.oneof(
        text,
        realId(),
        realId().map((id) => ` ${id} `),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(command, BATCH), async (commands) => {
        await sendBatch(
          commands.map((c) => ({
            kind: 'form',
            fields: slashCommandFields({
              userId: c.user,
              command: PENDING_COMMAND,
              text: c.text,
              channelId: CHANNEL,
            }),
          })),
          (answer) => {
            assert.equal(answer.status, 200, answer.text);
            assert.equal((answer.json as { response_type?: string }).response_type, 'ephemeral');
          },
        );
      }),
      RUNS,
    );
  });

  test('unsigned, forged and stale requests get 401 and change nothing', async () => {
    const body = fc.oneof(
      fc.record({ user: fc.constant(APPROVER), id: realId() }).map(({ user, id }): SlackRequestBody => ({
        kind: 'form',
        fields: blockActionPayload({
          userId: user,
          actionId: APPROVE_ACTION,
          value: id,
          channelId: CHANNEL,
          messageTs,
        }),
      })),
      fc
        .jsonValue({ maxDepth: 2 })
        .map((payload): SlackRequestBody => ({ kind: 'form', fields: payloadFields(payload) })),
      fc.constant<SlackRequestBody>({ kind: 'json', payload: { type: 'url_verification', challenge: 'c' } }),
    );
    const forgery = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.constant({ kind: 'secret' as const, secret: 'not-the-secret' }),
      fc.constant({ kind: 'secret' as const, secret: `${SECRET} ` }),
      fc.integer({ min: 301, max: 100_000 }).map((age) => ({ kind: 'stale' as const, age })),
      fc
        .oneof(fc.constantFrom('', 'v0=', 'v1=abc', 'v0=deadbeef'), fc.stringMatching(/^v0=[0-9a-f]{64}$/))
        .map((signature) => ({ kind: 'signature' as const, signature })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(body, forgery), { minLength: 20, maxLength: 40 }),
        async (requests) => {
          const answers = await Promise.all(
            requests.map(async ([b, f]) => {
              switch (f.kind) {
                case 'none': {
                  const raw =
                    b.kind === 'json' ? JSON.stringify(b.payload) : new URLSearchParams(b.fields).toString();
                  const type = b.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
                  const res = await fetch(events(), {
                    method: 'POST',
                    headers: { 'content-type': type },
                    body: raw,
                  });
                  return { status: res.status, text: await res.text() };
                }
                case 'secret':
                  return sendSlackRequest(events(), f.secret, b);
                case 'stale':
                  return sendSlackRequest(events(), SECRET, b, {
                    timestampSeconds: Math.floor(Date.now() / 1000) - f.age,
                  });
                case 'signature':
                  return sendSlackRequest(events(), SECRET, b, { signature: f.signature });
              }
            }),
          );
          answers.forEach((answer, i) => {
            assert.equal(
              answer.status,
              401,
              `${answer.status} ${answer.text} for ${JSON.stringify(requests[i])}`,
            );
          });
          assert.deepEqual(changes, []);
          assert.equal(await snapshot(), initial);
        },
      ),
      { numRuns: 20 },
    );
  });

  test('a signature over other bytes than those sent gets 401', async () => {
    const fields = blockActionPayload({
      userId: APPROVER,
      actionId: APPROVE_ACTION,
      value: pendingId,
      channelId: CHANNEL,
      messageTs,
    });
    const raw = new URLSearchParams(fields).toString();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(SECRET, `${raw}&x=1`),
    };
    const res = await fetch(events(), { method: 'POST', headers, body: raw });
    assert.equal(res.status, 401);
    assert.deepEqual(changes, []);
  });

  test('signed payloads with missing fields, wrong types or no JSON object are answered without a 5xx', async () => {
    const base = (): Record<string, unknown> =>
      JSON.parse(
        blockActionPayload({
          userId: 'UMALLORY',
          actionId: APPROVE_ACTION,
          value: pendingId,
          channelId: CHANNEL,
          messageTs,
        }).payload!,
      );
    const view = (): Record<string, unknown> =>
      JSON.parse(
        viewSubmissionPayload({
          userId: 'UMALLORY',
          callbackId: REJECT_MODAL,
          privateMetadata: JSON.stringify({ id: pendingId }),
          values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'x' } } },
        }).payload!,
      );
    const mutated = fc
      .tuple(
        fc.constantFrom(base, view),
        fc.constantFrom(
          'user',
          'actions',
          'container',
          'channel',
          'team',
          'type',
          'view',
          'trigger_id',
          'api_app_id',
        ),
        fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 1 })),
      )
      .map(([make, key, value]) => {
        const p = make();
        if (value === undefined) Reflect.deleteProperty(p, key);
        else p[key] = value;
        return p;
      });
    const payload = fc.oneof(mutated, fc.jsonValue({ maxDepth: 3 }), fc.object({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(fc.array(payload, BATCH), async (payloads) => {
        await sendBatch(payloads.map((p) => ({ kind: 'form', fields: payloadFields(p) })));
      }),
      RUNS,
    );
  });

  test('a signed payload of JSON null is answered without a 5xx', async () => {
    const answer = await sendSlackRequest(events(), SECRET, { kind: 'form', fields: { payload: 'null' } });
    assert.ok(answer.status < 500, `got ${answer.status}`);
  });

  test('a signed click without a user is answered without a 5xx', async () => {
    const p = JSON.parse(
      blockActionPayload({
        userId: 'UMALLORY',
        actionId: APPROVE_ACTION,
        value: pendingId,
        channelId: CHANNEL,
        messageTs,
      }).payload!,
    );
    Reflect.deleteProperty(p, 'user');
    const answer = await sendSlackRequest(events(), SECRET, { kind: 'form', fields: payloadFields(p) });
    assert.ok(answer.status < 500, `got ${answer.status}`);
  });

  test('a signed reject form without a user is answered without a 5xx', async () => {
    const p = JSON.parse(
      viewSubmissionPayload({
        userId: 'UMALLORY',
        callbackId: REJECT_MODAL,
        privateMetadata: JSON.stringify({ id: pendingId }),
        values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'x' } } },
      }).payload!,
    );
    Reflect.deleteProperty(p, 'user');
    const answer = await sendSlackRequest(events(), SECRET, { kind: 'form', fields: payloadFields(p) });
    assert.ok(answer.status < 500, `got ${answer.status}`);
  });

  test('a signed reject form without view.state is acknowledged', async () => {
    const p = JSON.parse(
      viewSubmissionPayload({ userId: 'UMALLORY', callbackId: REJECT_MODAL, privateMetadata: '', values: {} })
        .payload!,
    );
    Reflect.deleteProperty(p.view, 'state');
    const answer = await sendSlackRequest(events(), SECRET, { kind: 'form', fields: payloadFields(p) });
    assert.equal(answer.status, 200);
  });

  test('a signed /k8s-pending without a text field is acknowledged', async () => {
    const fields: Record<string, string> = slashCommandFields({
      userId: 'UMALLORY',
      command: PENDING_COMMAND,
      text: '',
      channelId: CHANNEL,
    });
    Reflect.deleteProperty(fields, 'text');
    const answer = await sendSlackRequest(events(), SECRET, { kind: 'form', fields });
    assert.equal(answer.status, 200);
  });
});
