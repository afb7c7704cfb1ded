/**
 * Issue 12: what the approver sees is exactly what runs, and nothing else leaks. Each attack a hostile or
 * prompt-injected agent tried is driven over the real protocols (REST, the MCP SDK's Client, signed Slack requests
 * against the Slack Web API double, the Kubernetes API-server double, a real Redis) and must be refused or rendered
 * safely, with nothing sent to Kubernetes that approvers were not shown.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { APPROVE_ACTION } from '../../src/slack/ids.ts';
import { digestOperations, parseAll } from '../../src/kube/adapters/planner.ts';
import { describeOperation } from '../../src/kube/command/canonical.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startTestKubegate, type TestKubegate } from '../support/kubegate.ts';
import { connectMcpClient } from '../support/mcp-client.ts';
import { redisSkip, testRedisUrl } from '../support/redis.ts';
import { startSlackApiDouble, type SlackApiDouble, type StoredMessage } from '../support/slack-api-double.ts';
import {
  messageOf as messageIn,
  mrkdwnTexts,
  settled as settledOf,
  slackEnv,
} from '../support/slack-view.ts';
import { blockActionPayload, sendSlackRequest, slashCommandFields } from '../support/slack-signing.ts';

const SECRET = 'slack-signing-secret-for-attack-tests';
const BOT = 'xoxb-kubegate-attacks';
const CHANNEL = 'C0APPROVALS';
const NS = 'production';
const AGENT = { authorization: 'Bearer agent-token-0123456789' };
const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const BOB = { authorization: 'Bearer bob-token-0123456789' };
const TOKENS = 'agent:agent-token-0123456789,alice:alice-token-0123456789,bob:bob-token-0123456789';
const STRIPE_KEY = 'sk_live_51HxAttackerVisibleKey0000';
const DB_PASSWORD = 'hunter2-db-password';

/** Mentions and links Slack would render from raw text; escaped text never contains them. */
const MARKUP = /<!(here|channel|everyone|subteam)|<https?:\/\//;

const mrkdwnOf = mrkdwnTexts;

const ownerlessPod = (name: string, env: { name: string; value?: string }[] = []) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: NS,
    uid: randomUUID(),
    creationTimestamp: new Date().toISOString(),
    labels: { app: name },
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'busybox:1.36', env }] },
  status: { phase: 'Running' },
});

describe('attacks on what approvers see (issue 12)', () => {
  let cluster: TestCluster;
  let slack: SlackApiDouble;
  let kg: TestKubegate;

  before(async () => {
    cluster = await startTestCluster();
    cluster.double.seed([
      ownerlessPod('debug'),
      ownerlessPod('payments-worker', [
        { name: 'STRIPE_KEY', value: STRIPE_KEY },
        { name: 'MODE', value: 'live' },
      ]),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'db', namespace: NS, uid: randomUUID() },
        data: { DATABASE_URL: `postgres://app:${DB_PASSWORD}@db.internal:5432/app` },
      },
      {
        // A message the API server prints into a table cell: secret-shaped text from a crashing app's log line.
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'payments-worker.leak', namespace: NS, uid: randomUUID() },
        involvedObject: { kind: 'Pod', namespace: NS, name: 'payments-worker', apiVersion: 'v1' },
        reason: 'BackOff',
        message: `payment provider refused key ${STRIPE_KEY}`,
        type: 'Warning',
        count: 1,
        lastTimestamp: new Date().toISOString(),
      },
    ]);
    slack = await startSlackApiDouble({ botToken: BOT });
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: TOKENS,
      APPROVERS: 'api:alice,api:bob,slack:UALICE',
      ...slackEnv(slack, { bot: BOT, secret: SECRET, channel: CHANNEL }),
    });
  });
  after(async () => {
    await kg.close();
    await slack.close();
    await cluster.close();
  });

  const settled = () => settledOf(kg);
  const messageOf = (id: string): StoredMessage => messageIn(slack, id);
  const propose = async (body: unknown, expected = 201): Promise<any> => {
    const res = await kg.call('POST', '/api/approvals', body, AGENT);
    assert.equal(res.status, expected, JSON.stringify(res.json));
    await settled();
    return res.json;
  };
  const reject = async (id: string): Promise<void> => {
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'test done' }, BOB);
    await settled();
  };

  test('1. agent text cannot mention, link or fake a kubegate line in Slack', async () => {
    const created = await propose({
      action: 'Restart <!here> now',
      commands: [
        {
          command: 'kubectl rollout restart deployment/api-service -n production',
          explanation:
            '<!channel> see <https://evil.example/x|Grafana dashboard> & ```\nkubegate: read\n``` <@UALICE>',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: NS, service: '<!subteam^S0SOPS>', severity: '<!everyone>' },
    });
    const message = messageOf(created.id);
    for (const text of mrkdwnOf(message)) assert.doesNotMatch(text, MARKUP, text);
    const all = JSON.stringify(message);
    assert.ok(all.includes('&lt;!subteam^S0SOPS&gt;'), 'metadata is shown, escaped');
    assert.ok(all.includes('Restart &lt;!here&gt; now'), 'the notification text is escaped too');
    // The explanation is plain text: Slack renders no markup in it at all, so its fake code block stays literal.
    const explanation = message.blocks
      .flatMap((b: any) => (b.type === 'context' ? b.elements : []))
      .find((e: any) => e.type === 'plain_text');
    assert.match(
      explanation.text,
      /^Agent's explanation: <!channel> see <https:\/\/evil\.example\/x\|Grafana dashboard>/,
    );
    assert.ok(
      !mrkdwnOf(message).some((t) => t.includes('kubegate: read')),
      'no mrkdwn carries the fake line',
    );

    const listed = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: slashCommandFields({ userId: 'UALICE', command: '/k8s-pending', text: '', channelId: CHANNEL }),
    });
    assert.equal(listed.status, 200);
    // The list links each title to its message (kubegate's own link); the agent's action inside stays escaped.
    assert.doesNotMatch(JSON.stringify(listed.json), /<!(here|channel|everyone|subteam)/);
    assert.ok(JSON.stringify(listed.json).includes('Restart &lt;!here&gt; now'));
    await reject(created.id);
  });

  test('2. the card shows every command whole, canonical, and where it really runs', async () => {
    const raw = `kubectl delete pod debug${' '.repeat(1300)}-n production`;
    const undo = 'kubectl rollout undo deployment/api-service';
    const commands = [
      ...Array.from({ length: 8 }, (_, i) => ({
        command: `kubectl get pods -l app=probe-${i} -n production`,
        explanation: `look ${i}`,
        safety_level: 'SAFE',
      })),
      { command: raw, explanation: 'remove the debug pod', safety_level: 'SAFE' },
      { command: undo, explanation: 'and roll back', safety_level: 'SAFE' },
    ];
    // The label says staging; the commands run in production (-n, and the undo's default namespace is staging!).
    const created = await propose({ action: 'tidy up', commands, metadata: { namespace: 'staging' } }, 422);
    // Without -n the undo targets staging, where api-service does not exist: refused before anything is shown.
    assert.match(created.detail, /does not exist in namespace staging/);

    const fixed = commands.map((c) => (c.command === undo ? { ...c, command: `${undo} -n production` } : c));
    const approval = await propose({
      action: 'tidy up',
      commands: fixed,
      metadata: { namespace: 'staging' },
    });
    assert.equal(approval.commands[8].canonical, 'kubectl delete pod debug -n production');
    assert.equal(approval.commands[9].canonical, 'kubectl rollout undo deployment/api-service -n production');
    assert.equal(
      approval.namespace_mismatch,
      'metadata.namespace says staging, but the commands run in production',
    );

    const message = messageOf(approval.id);
    const blocks = JSON.stringify(message.blocks);
    assert.ok(message.blocks.length <= 50);
    for (const c of approval.commands)
      assert.ok(blocks.includes(`\`\`\`${c.canonical}\`\`\``), `shown whole: ${c.canonical}`);
    // The summary says where the commands run, flagged; the label's mismatch is spelled out right under it.
    assert.match(blocks, /in `production` :warning: on \*/);
    assert.match(
      blocks,
      /Namespace mismatch:\* metadata\.namespace says staging, but the commands run in production/,
    );
    assert.ok(!blocks.includes('   '), 'no run of spaces reaches Slack');

    // /k8s-pending ID renders the same whole message: the 10th command (the undo) is there too.
    const one = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: slashCommandFields({
        userId: 'UALICE',
        command: '/k8s-pending',
        text: approval.id,
        channelId: CHANNEL,
      }),
    });
    assert.ok(JSON.stringify(one.json).includes('kubectl rollout undo deployment/api-service -n production'));

    // REST and MCP previews show the canonical form too.
    const mcp = await connectMcpClient(kg);
    const got: any = await mcp.callTool({ name: 'get_approval', arguments: { id: approval.id } });
    const text = got.content.map((c: any) => c.text).join('\n');
    assert.ok(text.includes('- [dangerous] kubectl delete pod debug -n production'));
    assert.ok(text.includes('Warning: metadata.namespace says staging'));
    assert.ok(!text.includes('   '));
    await mcp.close();
    await reject(approval.id);
  });

  test('4. rollout undo runs only onto the template that was shown', async () => {
    const created = await propose({
      action: 'roll back api-service',
      commands: [
        {
          command: 'kubectl rollout undo deployment/api-service -n production',
          explanation: 'bad release',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: NS },
    });
    assert.match(created.commands[0].preview, /image api:1\.4\.2 → api:1\.4\.1/);
    // Between proposal and approval, the ReplicaSet of the shown revision gets a backdoored template.
    const rs = cluster.fixture.replicaSets.previous;
    const patched = await fetch(`${cluster.double.url}/apis/apps/v1/namespaces/${NS}/replicasets/${rs}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({
        spec: { template: { spec: { containers: [{ name: 'api', image: 'attacker/backdoor:1' }] } } },
      }),
    });
    assert.equal(patched.status, 200, await patched.text());
    const patchesBefore = cluster.sent('PATCH', '/deployments/api-service');
    await kg.call('POST', `/api/approvals/${created.id}/approve`, undefined, ALICE);
    const done = await kg.until(created.id, 'failed');
    assert.ok('results' in done);
    assert.match(
      done.results[0]?.error ?? '',
      /^target changed since approval: the pod template of revision \d+ changed since it was shown/,
    );
    assert.equal(
      cluster.sent('PATCH', '/deployments/api-service'),
      patchesBefore,
      'nothing was sent to the deployment',
    );
    const deployment = cluster.double.get('deployments', NS, 'api-service') as any;
    assert.ok(!JSON.stringify(deployment.spec.template).includes('attacker/backdoor'));
  });

  test('5. risk: deletes nothing recreates, big scale-downs, and a dangerous repeat are dangerous', async () => {
    const debug = await propose({
      action: 'delete debug pod',
      commands: [
        { command: 'kubectl delete pod debug -n production', explanation: 'cleanup', safety_level: 'SAFE' },
      ],
      metadata: { namespace: NS },
    });
    assert.equal(debug.commands[0].risk, 'dangerous');
    assert.deepEqual(debug.commands[0].risk_reasons, ['deletes a pod that nothing recreates']);
    assert.equal(debug.quorum.required, 2);
    await reject(debug.id);

    for (const [replicas, risk] of [
      [0, 'dangerous'],
      [1, 'dangerous'],
      [2, 'change'],
    ] as const) {
      const scaled = await propose({
        action: `scale to ${replicas}`,
        commands: [
          {
            command: `kubectl scale deployment api-service --replicas=${replicas} -n production`,
            explanation: 'load',
            safety_level: 'SAFE',
          },
        ],
        metadata: { namespace: NS },
      });
      assert.equal(scaled.commands[0].risk, risk, `3 → ${replicas}: ${scaled.commands[0].risk_reasons}`);
      await reject(scaled.id);
    }

    const restart = (safety: string) => ({
      action: 'restart api-service',
      commands: [
        {
          command: 'kubectl rollout restart deployment/api-service -n production',
          explanation: 'stuck',
          safety_level: safety,
        },
      ],
      metadata: { namespace: NS },
    });
    const first = await propose(restart('CAUTION'));
    assert.equal(first.quorum.required, 1);
    const repeat = await propose(restart('DANGEROUS'), 200);
    assert.equal(repeat.id, first.id, 'the repeat joins the pending proposal');
    assert.equal(repeat.commands[0].risk, 'dangerous');
    assert.equal(repeat.quorum.required, 2);
    assert.notEqual(repeat.risk_raised_at, null);
    const blocks = JSON.stringify(messageOf(first.id).blocks);
    assert.match(blocks, /raised by a repeat/);
    assert.match(blocks, /A repeat of this proposal raised its risk to \*dangerous\*/);
    // One approval is no longer enough.
    await kg.call('POST', `/api/approvals/${first.id}/approve`, undefined, ALICE);
    assert.equal(
      (await kg.call('GET', `/api/approvals/${first.id}`, undefined, AGENT)).json.state,
      'pending',
    );
    await reject(first.id);
  });

  test('6. reads redact env values and ConfigMap data, and read output never reaches Slack', async () => {
    const mcp = await connectMcpClient(kg);
    const pod: any = await mcp.callTool({
      name: 'execute_kubectl',
      arguments: { command: 'get pod payments-worker -o yaml', namespace: NS },
    });
    assert.equal(pod.isError, undefined);
    const podText = JSON.stringify(pod);
    assert.ok(!podText.includes(STRIPE_KEY), 'the env value is not in the output nor the data');
    assert.match(pod.structuredContent.output, /name: STRIPE_KEY\n\s+value: <redacted>/);
    assert.match(pod.structuredContent.output, /# kubegate redacted 2 container env value\(s\)/);
    assert.deepEqual(pod.structuredContent.redacted, ['2 container env value(s)']);

    const maps: any = await mcp.callTool({
      name: 'execute_kubectl',
      arguments: { command: 'get configmaps -A -o json' },
    });
    const mapsText = JSON.stringify(maps);
    assert.ok(!mapsText.includes(DB_PASSWORD));
    JSON.parse(maps.structuredContent.output); // -o json stays JSON
    assert.ok(maps.structuredContent.redacted.some((n: string) => /ConfigMap data value/.test(n)));

    // A table's cells are the server's printing: scrubbed before the text and the rows are made, counted once.
    const events: any = await mcp.callTool({
      name: 'execute_kubectl',
      arguments: {
        command: 'get events --field-selector involvedObject.name=payments-worker',
        namespace: NS,
      },
    });
    assert.equal(events.isError, undefined, JSON.stringify(events));
    assert.ok(!JSON.stringify(events).includes(STRIPE_KEY), 'the key is in neither the text nor the rows');
    const [leak] = events.structuredContent.data;
    assert.equal(leak.MESSAGE, 'payment provider refused key <redacted>');
    assert.match(events.structuredContent.output, /refused key <redacted>/);
    assert.deepEqual(events.structuredContent.redacted, ['1 string(s) shaped like an API token']);
    await mcp.close();

    // An approved proposal holding a read: the thread says it ran and where to see it, never the output.
    const created = await propose({
      action: 'look at payments',
      commands: [
        {
          command: 'kubectl get pod payments-worker -o yaml -n production',
          explanation: 'inspect',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: NS },
    });
    await kg.call('POST', `/api/approvals/${created.id}/approve`, undefined, ALICE);
    await kg.until(created.id, 'succeeded');
    await settled();
    const thread = [...slack.messages.values()].filter((m) => m.thread_ts === messageOf(created.id).ts);
    const reply = thread.find((m) => m.text.includes('succeeded'));
    assert.ok(reply, JSON.stringify(thread));
    assert.match(reply.text, /Its output is not posted to Slack/);
    assert.ok(!reply.text.includes('payments-worker\n'), 'no output lines');
    assert.ok(![...slack.messages.values()].some((m) => JSON.stringify(m).includes(STRIPE_KEY)));
    const stored = (await kg.call('GET', `/api/approvals/${created.id}`, undefined, AGENT)).json;
    assert.ok(!stored.results[0].output.includes(STRIPE_KEY));
  });

  test('7. deep metadata is refused with the limit named; future-dated Slack requests are refused', async () => {
    const nest = (depth: number): unknown => {
      let value: unknown = 'bottom';
      for (let i = 0; i < depth; i++) value = { n: value };
      return value;
    };
    const body = (depth: number) => ({
      action: 'deep',
      commands: [
        {
          command: 'kubectl rollout restart deployment/api-service -n production',
          explanation: 'x',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: NS, extra: nest(depth) },
    });
    for (const depth of [3000, 2000, 20]) {
      const res = await kg.call('POST', '/api/approvals', body(depth), AGENT);
      assert.equal(res.status, 400, `${depth}: ${JSON.stringify(res.json).slice(0, 300)}`);
      assert.match(res.json.detail, /deeper than (32|8) levels, the limit/);
    }
    const big = await kg.call(
      'POST',
      '/api/approvals',
      { ...body(0), metadata: { namespace: NS, blob: 'x'.repeat(20_000) } },
      AGENT,
    );
    assert.equal(big.status, 400);
    assert.match(big.json.detail, /the limit is 16384/);

    const mcp = await connectMcpClient(kg);
    const deep: any = await mcp.callTool({ name: 'propose_remediation', arguments: body(2000) });
    assert.equal(deep.isError, true);
    assert.match(JSON.stringify(deep.content), /deeper than 8 levels, the limit/);
    await mcp.close();
    assert.deepEqual((await kg.call('GET', '/api/approvals/pending', undefined, AGENT)).json.approvals, []);

    const created = await propose({
      action: 'restart',
      commands: [
        {
          command: 'kubectl rollout restart deployment/api-service -n production',
          explanation: 'x',
          safety_level: 'CAUTION',
        },
      ],
      metadata: { namespace: NS },
    });
    const click = (offsetSeconds: number) =>
      sendSlackRequest(
        `${kg.url}/slack/events`,
        SECRET,
        {
          kind: 'form',
          fields: blockActionPayload({
            userId: 'UALICE',
            actionId: APPROVE_ACTION,
            value: created.id,
            channelId: CHANNEL,
            messageTs: messageOf(created.id).ts,
          }),
        },
        { timestampSeconds: Math.floor(Date.now() / 1000) + offsetSeconds },
      );
    assert.equal((await click(600)).status, 401, '10 minutes in the future');
    assert.equal((await click(-600)).status, 401, '10 minutes in the past (Bolt)');
    assert.equal(
      (await kg.call('GET', `/api/approvals/${created.id}`, undefined, AGENT)).json.state,
      'pending',
    );
    assert.equal((await click(60)).status, 200, 'a minute of clock skew is fine');
    await kg.until(created.id, 'succeeded');
  });
});

describe('3. a write to Redis cannot change what runs', { skip: redisSkip }, () => {
  const REDIS = testRedisUrl(5); // its own database: redis-replicas.test.ts has 4
  let cluster: TestCluster;
  let kg: TestKubegate;
  const redis = createClient({ url: REDIS });

  before(async () => {
    await redis.connect();
    await redis.flushDb();
    cluster = await startTestCluster();
    kg = await startTestKubegate({
      KUBECONFIG: cluster.kubeconfig,
      API_TOKENS: TOKENS,
      APPROVERS: 'api:alice,api:bob',
      STORE_URL: REDIS,
      STORE_SIGNING_KEY: 'a-test-signing-key-of-at-least-32-bytes!',
    });
  });
  after(async () => {
    await kg.close();
    await cluster.close();
    await redis.quit();
  });

  test('a rewritten pending approval with a recomputed digest is refused, counted, and never run', async () => {
    const created = await kg.call(
      'POST',
      '/api/approvals',
      {
        action: 'restart api-service',
        commands: [
          {
            command: 'kubectl rollout restart deployment/api-service -n production',
            explanation: 'stuck',
            safety_level: 'CAUTION',
          },
        ],
        metadata: { namespace: NS },
      },
      AGENT,
    );
    assert.equal(created.status, 201);
    const id: string = created.json.id;
    // Each approval is a Redis hash whose `record` field holds the sealed JSON (src/store/redis-approvals.ts).
    const [key] = await redis.keys(`*approvals:record:${id}`);
    assert.ok(key, 'the record is in Redis');
    const stored: any = JSON.parse((await redis.hGet(key, 'record')) ?? '');
    const record = stored;
    // The attacker rewrites the command, its canonical form and the plain SHA-256 digest, consistently.
    const evil = 'kubectl delete deployment api-service -n production';
    const ops = parseAll([{ command: evil }], NS);
    assert.ok(ops.ok);
    record.proposal.commands[0] = {
      ...record.proposal.commands[0],
      command: evil,
      canonical: describeOperation(ops.value[0]!),
      risk: 'change',
    };
    record.proposal.digest = digestOperations(ops.value);
    await redis.hSet(key, 'record', JSON.stringify(stored));

    const approve = await kg.call('POST', `/api/approvals/${id}/approve`, undefined, ALICE);
    assert.equal(approve.status, 409);
    assert.equal(approve.json.type, 'urn:kubegate:problem:tampered');
    assert.equal((await kg.call('GET', `/api/approvals/${id}`, undefined, AGENT)).status, 409);
    assert.deepEqual(
      (await kg.call('GET', '/api/approvals/pending', undefined, AGENT)).json.approvals,
      [],
      'left out of lists',
    );
    assert.equal(cluster.sent('DELETE'), 0);
    assert.equal(cluster.sent('PATCH'), 0);
    const metrics = await (await fetch(`${kg.url}/metrics`)).text();
    assert.match(metrics, /^kubegate_store_tampered_total [1-9]/m);

    // A record that verifies is still decided and run as shown.
    const honest = await kg.call(
      'POST',
      '/api/approvals',
      {
        action: 'scale api-service',
        commands: [
          {
            command: 'kubectl scale deployment api-service --replicas=4 -n production',
            explanation: 'load',
            safety_level: 'CAUTION',
          },
        ],
        metadata: { namespace: NS },
      },
      AGENT,
    );
    assert.equal(honest.status, 201, JSON.stringify(honest.json));
    await kg.call('POST', `/api/approvals/${honest.json.id}/approve`, undefined, ALICE);
    await kg.until(honest.json.id, 'succeeded');
    assert.equal(cluster.sent('DELETE'), 0);
  });
});
