/**
 * One person, one vote — the four walks around the gate from issue 11, each tried over the real protocols (REST
 * with tokens, signed Slack requests, browser-like cross-site requests) against the API-server double: each is
 * refused, the approval stays pending, and nothing reaches Kubernetes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { APPROVE_ACTION, PENDING_COMMAND, REJECT_ACTION } from '../../src/slack/ids.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';
import { startSlackApiDouble, TEAM_ID, type SlackApiDouble } from '../support/slack-api-double.ts';
import { blockActionPayload, sendSlackRequest, slashCommandFields } from '../support/slack-signing.ts';
import {
  messageOf as messageIn,
  nextChange as nextChangeOf,
  settled as settledOf,
  slackEnv,
} from '../support/slack-view.ts';

const SECRET = 'slack-signing-secret-for-tests';
const BOT = 'xoxb-kubegate-identity';
const CHANNEL = 'C0APPROVALS';
const NS = 'production';
const TOKENS =
  'agent:agent-token-0123456789,alice:alice-token-0123456789,bob:bob-token-0123456789,carol:carol-token-0123456789';
const as = (who: 'agent' | 'alice' | 'bob' | 'carol') => ({
  authorization: `Bearer ${who}-token-0123456789`,
});
const ALICE_SLACK = 'U0ALICE0001';
const BOB_SLACK = 'U0BOB000001';
const DAVE_SLACK = 'U0DAVE00001';

const POLICY = `
people:
  alice: [api:alice, slack:${ALICE_SLACK}]
  bob:   [api:bob, email:Bob@Example.com]
groups:
  sre: [alice, bob, carol-at-api]
  carol-at-api: [api:carol]
rules:
  - name: prod-dangerous
    match: { namespaces: [prod*], risk: dangerous }
    approvers: [sre]
    quorum: 2
    ttl: 15m
  - name: default
    approvers: [sre]
    quorum: 1
`;

const writePolicy = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'kubegate-policy-')), 'policy.yaml');
  writeFileSync(file, text);
  return file;
};

const proposal = (command: string, safety_level = 'CAUTION') => ({
  action: `Remediate: ${command}`,
  commands: [{ command, explanation: 'remediation', safety_level }],
  metadata: { severity: 'HIGH', service: 'api-service', namespace: NS },
});

describe('one person, one vote, across REST and Slack', () => {
  let cluster: TestCluster;
  let slack: SlackApiDouble;
  let kg: TestKubegate;
  let policyFile: string;

  before(async () => {
    cluster = await startTestCluster();
    slack = await startSlackApiDouble({ botToken: BOT });
    slack.setUser(BOB_SLACK, { name: 'bob', email: 'bob@example.com' });
    slack.setUser(DAVE_SLACK, { name: 'dave', email: 'dave@example.com' });
    policyFile = writePolicy(POLICY);
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: TOKENS,
      POLICY_FILE: policyFile,
      ...slackEnv(slack, { bot: BOT, secret: SECRET, channel: CHANNEL }),
    });
  });
  after(async () => {
    await kg.close();
    await slack.close();
    await cluster.close();
  });

  const settled = () => settledOf(kg);
  const messageOf = (id: string) => messageIn(slack, id);
  const nextChange = (id: string) => nextChangeOf(kg, id);
  const propose = async (body: unknown, who: 'agent' | 'alice' = 'agent'): Promise<string> => {
    const res = await kg.call('POST', '/api/approvals', body, as(who));
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await settled();
    return res.json.id as string;
  };
  /** A signed click; resolves once the click's ephemeral refusal was posted (the HTTP answer is the early ack). */
  const clickRefused = async (
    user: string,
    actionId: string,
    id: string,
    teamId = TEAM_ID,
  ): Promise<string> => {
    // Generous: a deadline for a hung test, not a timing assertion (the 2-core machine may be busy).
    const posted = slack.nextCall('chat.postEphemeral', 30_000);
    const res = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: blockActionPayload({
        userId: user,
        actionId,
        value: id,
        channelId: CHANNEL,
        messageTs: messageOf(id).ts,
        teamId,
      }),
    });
    assert.equal(res.status, 200);
    const call = await posted;
    assert.equal(call.args.user, user);
    return String(call.args.text);
  };
  const stateOf = async (id: string) =>
    (await kg.call('GET', `/api/approvals/${id}`, undefined, as('agent'))).json;
  const deletes = () => cluster.sent('DELETE', '/deployments/');

  test("attack 1b: Alice's Slack click on a dangerous proposal she made over REST is self-approval", async () => {
    const id = await propose(
      proposal(`kubectl delete pod ${cluster.fixture.pod} -n ${NS}`, 'DANGEROUS'),
      'alice',
    );
    const text = await clickRefused(ALICE_SLACK, APPROVE_ACTION, id);
    assert.match(text, /You requested this change/);
    assert.equal((await stateOf(id)).state, 'pending');
    assert.equal(cluster.sent('DELETE', '/pods/'), 0);
    await kg.call('POST', `/api/approvals/${id}/cancel`, { reason: 'test done' }, as('alice'));
  });

  test('attack 2: the requester cannot approve its own change at any risk, on REST', async () => {
    const id = await propose(
      proposal(`kubectl scale deployment api-service -n ${NS} --replicas=4`, 'SAFE'),
      'alice',
    );
    const own = await kg.call('POST', `/api/approvals/${id}/approve`, {}, as('alice'));
    assert.equal(own.status, 403);
    assert.equal(own.type, 'application/problem+json');
    assert.match(own.json.detail, /requested this change/);
    assert.equal((await stateOf(id)).state, 'pending');
    assert.equal(cluster.sent('PATCH', '/deployments/api-service'), 0);
    // The requester may still withdraw it; the audit trail names person, identity and surface.
    const cancelled = await kg.call(
      'POST',
      `/api/approvals/${id}/cancel`,
      { reason: 'changed my mind' },
      as('alice'),
    );
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.json.ended_by, { by: 'api:alice', person: 'alice', via: 'rest' });
    const audit = await kg.call('GET', '/api/audit?limit=500', undefined, as('agent'));
    const record = audit.json.records.find((r: any) => r.approval_id === id && r.event === 'cancelled');
    assert.deepEqual([record.by, record.person, record.via], ['api:alice', 'alice', 'rest']);
  });

  test('attack 4: a click from another Slack workspace is refused and changes nothing', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service -n ${NS} --replicas=5`, 'SAFE'));
    const text = await clickRefused(BOB_SLACK, APPROVE_ACTION, id, 'T0FOREIGN1');
    assert.match(text, /own Slack workspace/);
    assert.equal((await stateOf(id)).state, 'pending');
    const command = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: {
        ...slashCommandFields({ userId: BOB_SLACK, command: PENDING_COMMAND, text: '', channelId: CHANNEL }),
        team_id: 'T0FOREIGN1',
      },
    });
    assert.match((command.json as { text: string }).text, /own Slack workspace/);
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'test done' }, as('bob'));
  });

  test('the reject form is not opened for someone who may not decide; they are told at once', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service -n ${NS} --replicas=6`, 'SAFE'));
    const opened = slack.callsTo('views.open').length;
    const text = await clickRefused(DAVE_SLACK, REJECT_ACTION, id);
    assert.match(text, /not .*approver|not allowed|may not/i);
    assert.equal(slack.callsTo('views.open').length, opened, 'no modal was opened');
    assert.equal((await stateOf(id)).state, 'pending');
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'test done' }, as('bob'));
  });

  test('/k8s-pending lists what the caller may decide and counts the others', async () => {
    const mine = await propose(
      proposal(`kubectl scale deployment api-service -n ${NS} --replicas=7`, 'SAFE'),
      'alice',
    );
    const theirs = await propose(proposal(`kubectl rollout restart deployment api-service -n ${NS}`, 'SAFE'));
    const ask = async (user: string) => {
      const res = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
        kind: 'form',
        fields: slashCommandFields({ userId: user, command: PENDING_COMMAND, text: '', channelId: CHANNEL }),
      });
      return (res.json as { text: string }).text;
    };
    const alice = await ask(ALICE_SLACK);
    assert.ok(alice.includes(theirs) && !alice.includes(mine), alice);
    assert.match(alice, /1 other waiting that you cannot decide/);
    const dave = await ask(DAVE_SLACK);
    assert.match(dave, /Nothing is waiting for your approval/);
    assert.match(dave, /2 others waiting/);
    await kg.call('POST', `/api/approvals/${mine}/cancel`, {}, as('alice'));
    await kg.call('POST', `/api/approvals/${theirs}/reject`, { reason: 'test done' }, as('bob'));
  });

  test('GET /api/policy shows people and expanded rules; explain answers without proposing', async () => {
    const policy = await kg.call('GET', '/api/policy', undefined, as('agent'));
    assert.equal(policy.status, 200);
    assert.deepEqual(policy.json.people.bob, ['api:bob', 'email:bob@example.com']);
    assert.deepEqual(policy.json.rules[0], {
      name: 'prod-dangerous',
      match: { namespaces: ['prod*'], risk: ['dangerous'] },
      approvers: ['alice', 'bob', 'api:carol'],
      quorum: 2,
      ttl_seconds: 900,
    });
    const pendingBefore = (await kg.call('GET', '/api/approvals/pending', undefined, as('agent'))).json
      .approvals.length;
    const explained = await kg.call(
      'POST',
      '/api/policy/explain',
      { command: `kubectl delete deployment api-service -n ${NS}` },
      as('agent'),
    );
    assert.equal(explained.status, 200, JSON.stringify(explained.json));
    assert.deepEqual(
      [explained.json.rules, explained.json.quorum, explained.json.ttl_seconds],
      [['prod-dangerous'], 2, 900],
    );
    assert.equal(explained.json.commands[0].rule, 'prod-dangerous');
    const change = await kg.call(
      'POST',
      '/api/policy/explain',
      { command: 'kubectl scale deployment api-service --replicas=3', namespace: NS },
      as('agent'),
    );
    assert.deepEqual(
      [change.json.rules, change.json.quorum, change.json.ttl_seconds],
      [['default'], 1, 1800],
    );
    const bad = await kg.call(
      'POST',
      '/api/policy/explain',
      { command: 'kubectl get pods; rm -rf /' },
      as('agent'),
    );
    assert.equal(bad.status, 400);
    assert.equal(
      (await kg.call('GET', '/api/approvals/pending', undefined, as('agent'))).json.approvals.length,
      pendingBefore,
      'explain proposes nothing',
    );
  });

  test('a reload applies to new proposals; a pending one keeps the rules it was created under; a bad file changes nothing', async () => {
    const id = await propose(proposal(`kubectl scale deployment api-service -n ${NS} --replicas=8`, 'SAFE'));
    writeFileSync(policyFile, POLICY.replace('quorum: 1', 'quorum: 2'));
    const reloaded = kg.reloadPolicy();
    assert.ok(reloaded.ok);
    const later = await propose(proposal(`kubectl rollout restart deployment api-service -n ${NS}`, 'SAFE'));
    assert.equal((await stateOf(later)).quorum.required, 2);
    assert.equal((await stateOf(id)).quorum.required, 1, 'the pending proposal keeps quorum 1');
    const changed = nextChange(id);
    assert.equal((await kg.call('POST', `/api/approvals/${id}/approve`, {}, as('bob'))).status, 200);
    await changed;
    assert.notEqual((await stateOf(id)).state, 'pending');

    writeFileSync(policyFile, 'rules: [{ name: broken, approvers: [nobody-known] }]');
    const refused = kg.reloadPolicy();
    assert.equal(refused.ok, false);
    assert.equal(kg.policy().rules[1]?.quorum, 2, 'the policy in force is unchanged');
    writeFileSync(policyFile, POLICY);
    assert.ok(kg.reloadPolicy().ok);
    await kg.call('POST', `/api/approvals/${later}/reject`, { reason: 'test done' }, as('bob'));
  });

  // Last in this block: the second person's approval really deletes the deployment the other tests use.
  test('attack 1: Alice approves over REST, then clicks Approve in Slack — still one vote of two', async () => {
    const id = await propose(proposal(`kubectl delete deployment api-service -n ${NS}`, 'DANGEROUS'));
    const first = await kg.call('POST', `/api/approvals/${id}/approve`, {}, as('alice'));
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.deepEqual(first.json.quorum, { required: 2, approvals: 1, rules: ['prod-dangerous'] });
    assert.equal(first.json.decisions[0].person, 'alice');
    const text = await clickRefused(ALICE_SLACK, APPROVE_ACTION, id);
    assert.match(text, /already/i);
    const after = await stateOf(id);
    assert.equal(after.state, 'pending');
    assert.equal(after.quorum.approvals, 1);
    assert.equal(deletes(), 0, 'nothing was deleted');
    // A second PERSON completes it: Bob in Slack, known by the email on his Slack profile.
    const changed = nextChange(id);
    const res = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: blockActionPayload({
        userId: BOB_SLACK,
        actionId: APPROVE_ACTION,
        value: id,
        channelId: CHANNEL,
        messageTs: messageOf(id).ts,
      }),
    });
    assert.equal(res.status, 200);
    await changed;
    const done = await kg.until(id, 'succeeded');
    assert.deepEqual(
      done.decisions.map((d) => [d.by, d.person, d.via]),
      [
        ['api:alice', 'person:alice', 'rest'],
        [`slack:${BOB_SLACK}`, 'person:bob', 'slack'],
      ],
    );
    assert.equal(deletes(), 1);
    await settled();
  });
});

describe('the agent never approves its own change', () => {
  test('with tokens, kubegate refuses to start until approvers are restricted; APPROVERS=* is the explicit opt-in', () => {
    const open = loadConfig({ API_TOKENS: TOKENS });
    assert.ok(!open.ok, 'refused');
    assert.ok(open.error.some((i) => i.variable === 'APPROVERS'));
    const slackOpen = loadConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_APPROVAL_CHANNEL: CHANNEL,
    });
    assert.equal(slackOpen.ok, false);
    assert.ok(loadConfig({ API_TOKENS: TOKENS, APPROVERS: '*' }).ok);
    assert.equal(loadConfig({ API_TOKENS: TOKENS, APPROVERS: '*', POLICY_FILE: '/etc/p.yaml' }).ok, false);
  });

  test('attack 2: with APPROVERS=*, the agent token approving its own scale is refused over REST', async () => {
    const cluster = await startTestCluster();
    const kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: TOKENS,
      APPROVERS: '*',
    });
    try {
      const res = await kg.call(
        'POST',
        '/api/approvals',
        proposal(`kubectl scale deployment api-service -n ${NS} --replicas=4`, 'SAFE'),
        as('agent'),
      );
      assert.equal(res.status, 201);
      const own = await kg.call('POST', `/api/approvals/${res.json.id}/approve`, {}, as('agent'));
      assert.equal(own.status, 403);
      assert.equal(
        (await kg.call('GET', `/api/approvals/${res.json.id}`, undefined, as('agent'))).json.state,
        'pending',
      );
      assert.equal(cluster.sent('PATCH'), 0, 'nothing was sent to Kubernetes');
      // Anyone else authenticated may.
      const other = await kg.call('POST', `/api/approvals/${res.json.id}/approve`, {}, as('carol'));
      assert.equal(other.status, 200);
      await kg.until(res.json.id, 'succeeded');
    } finally {
      await kg.close();
      await cluster.close();
    }
  });

  test('without tokens or Slack, the single local user may approve their own proposal', async () => {
    const cluster = await startTestCluster();
    const kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig });
    try {
      const res = await kg.call(
        'POST',
        '/api/approvals',
        proposal(`kubectl scale deployment api-service -n ${NS} --replicas=3`, 'SAFE'),
      );
      assert.equal(res.status, 201);
      assert.equal((await kg.call('POST', `/api/approvals/${res.json.id}/approve`)).status, 200);
      await kg.until(res.json.id, 'succeeded');
    } finally {
      await kg.close();
      await cluster.close();
    }
  });
});

describe('attack 3: a web page cannot approve through the loopback API', () => {
  let cluster: TestCluster;
  let kg: TestKubegate;
  before(async () => {
    cluster = await startTestCluster();
    kg = await startTestKubegate({ KUBECONFIG: cluster.kubeconfig });
  });
  after(async () => {
    await kg.close();
    await cluster.close();
  });

  /** A raw request with browser headers (fetch() in Node would not let us set Host). */
  const browser = async (method: string, path: string, headers: Record<string, string>) => {
    const res = await fetch(`${kg.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      json: (await res.json()) as any,
    };
  };

  test('cross-site POSTs are refused with 403 problem+json, and the approval stays pending', async () => {
    const created = await kg.call(
      'POST',
      '/api/approvals',
      proposal(`kubectl scale deployment api-service -n ${NS} --replicas=3`, 'SAFE'),
    );
    const id = created.json.id as string;
    const fromEvil = await browser('POST', `/api/approvals/${id}/approve`, {
      origin: 'https://evil.example',
    });
    assert.equal(fromEvil.status, 403);
    assert.match(fromEvil.type, /application\/problem\+json/);
    assert.match(fromEvil.json.detail, /evil\.example/);
    const sameSiteOtherPort = await browser('POST', `/api/approvals/${id}/approve`, {
      origin: 'http://127.0.0.1:1',
    });
    assert.equal(sameSiteOtherPort.status, 403);
    const nullOrigin = await browser('POST', `/api/approvals/${id}/approve`, { origin: 'null' });
    assert.equal(nullOrigin.status, 403);
    const fetchMetadata = await browser('POST', `/api/approvals/${id}/approve`, {
      'sec-fetch-site': 'cross-site',
    });
    assert.equal(fetchMetadata.status, 403);
    assert.equal((await kg.call('GET', `/api/approvals/${id}`)).json.state, 'pending');
    assert.equal(cluster.sent('PATCH'), 0, 'nothing was sent to Kubernetes');
    // kubegate's own origin (its page) and curl (no Origin at all) still work.
    const own = await browser('POST', `/api/approvals/${id}/approve`, {
      origin: kg.url,
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(own.status, 200, JSON.stringify(own.json));
    await kg.until(id, 'succeeded');
  });

  test('a DNS-rebinding Host is refused on reads and writes alike; /mcp too', async () => {
    const { request } = await import('node:http');
    const withHost = (path: string, method: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${kg.url}${path}`,
          { method, headers: { host, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(method === 'POST' ? '{}' : undefined);
      });
    assert.equal(await withHost('/api/approvals/pending', 'GET', 'evil.example:3100'), 403);
    assert.equal(await withHost('/api/approvals', 'POST', 'evil.example'), 403);
    assert.equal(await withHost('/api/approvals/pending', 'GET', `localhost:${kg.port}`), 200);
    assert.equal(await withHost('/mcp', 'POST', 'evil.example'), 403);
  });
});
