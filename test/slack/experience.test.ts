import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, Risk, SafetyLevel } from '../../src/approvals/model.ts';
import type { ExecutingApproval, Executor, Planner } from '../../src/approvals/ports.ts';
import { ok } from '../../src/approvals/result.ts';
import { loadConfig } from '../../src/config.ts';
import fc from 'fast-check';
import type { WireApproval } from '../../src/wire/approval-schema.ts';
import { renderApprovalMessage } from '../../src/slack/blocks.ts';
import { safeLink } from '../../src/slack/metadata.ts';
import { renderPendingPage } from '../../src/slack/pending-list.ts';
import { checksFor, renderFinalReply, tail } from '../../src/slack/thread.ts';
import { APPROVE_ACTION, PENDING_COMMAND, REJECT_ACTION } from '../../src/slack/ids.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';
import {
  APP_ID,
  TEAM_ID,
  startSlackApiDouble,
  type SlackApiDouble,
  type StoredMessage,
} from '../support/slack-api-double.ts';
import { blockActionPayload, sendSlackRequest, slashCommandFields } from '../support/slack-signing.ts';
import {
  messageOf as messageIn,
  repliesTo as repliesIn,
  settled as settledOf,
  slackEnv,
} from '../support/slack-view.ts';

const SECRET = 'slack-signing-secret-for-experience';
const BOT = 'xoxb-kubegate-experience';
const CHANNEL = 'C0APPROVALS';
const AGENT = { authorization: 'Bearer agent-token-0123456789' };
const BOB = { authorization: 'Bearer bob-token-0123456789' };
const OOM = 'fatal error: runtime: out of memory';

const RISK_OF: Record<SafetyLevel, Risk> = { SAFE: 'read', CAUTION: 'change', DANGEROUS: 'dangerous' };

/** The planner port, as the Kubernetes one answers: canonical text, namespace, verb and kind, no cluster needed. */
const planner: Planner = {
  plan: (input) =>
    Promise.resolve(
      ok({
        commands: input.commands.map((c) => {
          const words = c.command.trim().split(/\s+/);
          return {
            command: c.command,
            canonical: words.join(' '),
            namespace: /(?:^| )-n (\S+)/.exec(c.command)?.[1] ?? null,
            verb: words[1] ?? '',
            kind: words[2] ?? '',
            readOnly: words[1] === 'get',
            explanation: c.explanation,
            safetyLevel: c.safety_level,
            risk: RISK_OF[c.safety_level],
            riskReasons: [`rated ${c.safety_level}`],
          };
        }),
      }),
    ),
};

/** Runs nothing: answers what `plan` says for each approval (all succeed unless told otherwise). */
class ScriptedExecutor implements Executor {
  next: ((a: ExecutingApproval) => CommandResult[]) | undefined;
  execute(approval: ExecutingApproval): Promise<readonly CommandResult[]> {
    const at = new Date().toISOString();
    const script = this.next;
    this.next = undefined;
    return Promise.resolve(
      script
        ? script(approval)
        : approval.proposal.commands.map((c) => ({
            command: c.command,
            status: 'succeeded',
            output: 'ok',
            startedAt: at,
            finishedAt: at,
          })),
    );
  }
}

type Block = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: any[];
  fields?: any[];
};

/** Every mrkdwn string of a message (and its `text`, which Slack parses too). */
function mrkdwnOf(m: { text: string; blocks: unknown[] }): string[] {
  const found = [m.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const r = node as Record<string, unknown>;
      if (r.type === 'mrkdwn' && typeof r.text === 'string') found.push(r.text);
      Object.values(r).forEach(walk);
    }
  };
  walk(m.blocks);
  return found;
}

/** Markup is whole: code fences and inline code balanced, every `<` kubegate's own and closed, entities whole. */
function assertWholeMarkup(text: string): void {
  const fences = text.split('```');
  assert.equal(fences.length % 2, 1, `unbalanced code fence in ${text.slice(0, 200)}`);
  // A `>` opening a line is kubegate's own quote of the agent's (escaped) reasoning.
  const outside = fences
    .filter((_, i) => i % 2 === 0)
    .join('')
    .replace(/^>/gm, '');
  assert.equal((outside.match(/`/g) ?? []).length % 2, 0, `unbalanced inline code in ${text.slice(0, 300)}`);
  const own = outside.replace(
    /<(@U[A-Z0-9]+|!subteam\^S[A-Z0-9]+|!date\^\d+\^[^|<>]+\|[^<>]+|https?:\/\/[^\s<>|]+\|[a-z ]+)>/g,
    '',
  );
  assert.ok(!/[<>]/.test(own), `stray < or > in ${text.slice(0, 300)}`);
  assert.ok(!/&(?!amp;|lt;|gt;)/.test(own), `broken entity in ${text.slice(0, 300)}`);
}

describe('Slack an on-call can act on from a phone', () => {
  let slack: SlackApiDouble;
  let kg: TestKubegate;
  const executor = new ScriptedExecutor();
  let offsetMs = 0;

  before(async () => {
    slack = await startSlackApiDouble({ botToken: BOT });
    slack.setUserGroup('SOPS', ['UCAROL']);
    kg = await startCoreKubegate(
      {
        API_TOKENS: 'agent:agent-token-0123456789,bob:bob-token-0123456789',
        APPROVERS: 'slack:UALICE,slack-group:SOPS,api:bob',
        CLUSTER_NAME: 'prod-eu-1',
        ...slackEnv(slack, { bot: BOT, secret: SECRET, channel: CHANNEL }),
      },
      { planner, executor, clock: () => new Date(Date.now() + offsetMs) },
    );
  });
  after(async () => {
    await kg.close();
    await slack.close();
  });

  const settled = () => settledOf(kg);
  const messageOf = (id: string): StoredMessage => messageIn(slack, id);
  const repliesTo = (id: string) => repliesIn(slack, messageOf(id).ts).map((m) => m.text);
  let seq = 0;
  const propose = async (
    commands: { command: string; safety_level: SafetyLevel }[],
    metadata: Record<string, unknown> = {},
  ): Promise<string> => {
    seq += 1;
    const res = await kg.call(
      'POST',
      '/api/approvals',
      {
        action: `Remediation ${seq}`,
        commands: commands.map((c) => ({ ...c, explanation: 'because' })),
        metadata: { severity: 'HIGH', ...metadata },
      },
      AGENT,
    );
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await settled();
    return res.json.id as string;
  };
  const click = (
    user: string,
    actionId: string,
    id: string,
    extra: { responseUrl?: string; fromHome?: boolean } = {},
  ) =>
    sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: blockActionPayload({
        userId: user,
        actionId,
        value: id,
        channelId: CHANNEL,
        messageTs: extra.fromHome ? '' : messageOf(id).ts,
        ...extra,
      }),
    });
  const until = (id: string, state: Parameters<TestKubegate['until']>[1]) =>
    kg.until(id, state).then(settled);
  const reject = async (id: string) => {
    await kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'test done' }, BOB);
    await settled();
  };

  test('the push text and the first block carry risk, target, namespace, cluster, quorum and expiry; buttons follow', async () => {
    const id = await propose(
      [{ command: 'kubectl scale deployment checkout --replicas=6 -n shop', safety_level: 'CAUTION' }],
      {
        alert_url: 'https://alerts.example.com/a/123?x=1&y=2',
        incident_url: 'javascript:alert(1)',
        runbook_url: 'https://evil.example/x|Grafana',
        reasoning: 'p99 latency <!here> doubled after the deploy',
      },
    );
    const m = messageOf(id);
    const summary = m.blocks[0] as Block;
    assert.equal(summary.type, 'section');
    for (const text of [m.text, summary.text!.text]) {
      assert.match(text, /\*?change\*?/);
      assert.match(text, /scale deployment checkout --replicas=6/);
      assert.match(text, /`shop`/);
      assert.match(text, /prod-eu-1/);
      assert.match(text, /needs 1 approval/);
      assert.match(text, /expires <!date\^\d+\^\{time\}\|/);
    }
    assert.equal(
      m.text.split('\n')[0]!.startsWith('Approval needed'),
      true,
      'the push starts with what it asks',
    );
    assert.match(m.text, /for <@UALICE> <!subteam\^SOPS>/, 'the approvers the policy names are mentioned');
    const actions = m.blocks.findIndex((b) => (b as Block).type === 'actions');
    assert.equal(actions, 1, 'the buttons come right after the summary');
    for (const e of (m.blocks[1] as Block).elements!)
      assert.ok(typeof e.accessibility_label === 'string' && e.accessibility_label.length <= 75);
    const all = JSON.stringify(m.blocks);
    assert.ok(
      all.includes('<https://alerts.example.com/a/123?x=1&amp;y=2|alert>'),
      'the alert is a link labelled by kubegate',
    );
    assert.ok(!all.includes('javascript:'), 'only http(s) links');
    assert.ok(!all.includes('Grafana'), 'no agent-chosen label');
    assert.ok(all.includes('p99 latency &lt;!here&gt; doubled'), 'the reasoning is shown, escaped');
    assert.ok(all.includes(`GET /api/approvals/${id}`), 'the whole record is one step away');
    for (const text of mrkdwnOf(m)) assertWholeMarkup(text);
    // No line of kubegate's own (outside the per-command blocks) says the same thing twice.
    const own = m.blocks.filter((b) => !String((b as Block).block_id).startsWith('kubegate.cmd'));
    const lines = mrkdwnOf({ text: '', blocks: own })
      .flatMap((t) => t.split('\n'))
      .filter((l) => l.trim().length > 0);
    assert.deepEqual(
      lines.filter((l, i) => lines.indexOf(l) !== i),
      [],
    );
    await reject(id);
  });

  test('1 of 2: the thread says who approved and pings the rest; the last click is told it runs it; block_ids renew', async () => {
    const id = await propose([
      { command: 'kubectl delete pod web-1 -n shop', safety_level: 'DANGEROUS' },
      { command: 'kubectl delete pod web-2 -n shop', safety_level: 'DANGEROUS' },
      { command: 'kubectl cordon node-7', safety_level: 'DANGEROUS' },
    ]);
    const before = messageOf(id);
    const confirm = (m: StoredMessage) => (m.blocks[1] as Block).elements![0].confirm;
    assert.match(
      confirm(before).text.text,
      /^Runs 3 commands \(3 dangerous\) in shop on prod-eu-1: delete pod ×2, cordon node-7 ×1\./,
    );
    assert.match(confirm(before).text.text, /approval 1 of 2: it runs when the last approver clicks/);
    assert.ok(confirm(before).text.text.length <= 300);
    const change = new Promise<void>((resolve) => {
      const off = kg.service.subscribe((c) => {
        if (c.approval.id === id) {
          off();
          resolve();
        }
      });
    });
    await click('UALICE', APPROVE_ACTION, id);
    await change;
    await settled();
    const after1 = messageOf(id);
    assert.match(confirm(after1).text.text, /last one needed: your click runs it now/);
    const ids = (m: StoredMessage) => m.blocks.map((b) => (b as Block).block_id);
    assert.equal(
      ids(before).filter((b) => ids(after1).includes(b)).length,
      0,
      'every block_id is new in the new version',
    );
    const [reply, ...others] = repliesTo(id);
    assert.deepEqual(others, []);
    assert.match(reply!, /<@UALICE> \(slack\) approved — <!date\^\d+\^/);
    assert.match(reply!, /\*1 of 2\* approvals\. 1 more approval needed — <!subteam\^SOPS>/);
    assert.ok(!reply!.includes('<@UALICE> <'), 'who approved is not pinged again');
    await click('UCAROL', APPROVE_ACTION, id);
    await until(id, 'succeeded');
    const replies = repliesTo(id);
    assert.equal(replies.length, 3, JSON.stringify(replies));
    assert.match(replies[1]!, /Executing 3 commands, approved by <@UALICE> \(slack\), <@UCAROL> \(slack\)/);
    assert.match(replies[2]!, /\*Succeeded\*/);
    assert.doesNotMatch(JSON.stringify(messageOf(id)), /expires/, 'no expiry once decided');
  });

  test('one consolidated results reply: ✅ / ❌ / skipped, partially applied, the tail of long output and how much was cut', async () => {
    const id = await propose([
      { command: 'kubectl rollout restart deployment/api -n shop', safety_level: 'CAUTION' },
      { command: 'kubectl scale deployment api --replicas=5 -n shop', safety_level: 'CAUTION' },
      { command: 'kubectl set image deployment/api api=api:2 -n shop', safety_level: 'CAUTION' },
      { command: 'kubectl scale deployment worker --replicas=2 -n shop', safety_level: 'CAUTION' },
    ]);
    const log = `${Array.from({ length: 400 }, (_, i) => `line ${i}: all good`).join('\n')}\n${OOM}`;
    executor.next = (a) => {
      const at = new Date().toISOString();
      const [c1, c2, c3, c4] = a.proposal.commands;
      return [
        { command: c1!.command, status: 'succeeded', output: log, startedAt: at, finishedAt: at },
        {
          command: c2!.command,
          status: 'succeeded',
          output: 'deployment.apps/api scaled',
          startedAt: at,
          finishedAt: at,
        },
        {
          command: c3!.command,
          status: 'failed',
          error: 'admission webhook denied the request',
          startedAt: at,
          finishedAt: at,
        },
        { command: c4!.command, status: 'skipped' },
      ];
    };
    await click('UALICE', APPROVE_ACTION, id);
    await until(id, 'failed');
    const replies = repliesTo(id);
    assert.equal(
      replies.length,
      2,
      `one "executing" reply and one results reply: ${JSON.stringify(replies)}`,
    );
    const results = replies[1]!;
    assert.match(
      results,
      /\*Failed — partially applied\*.*commands 1, 2 took effect, then 3 failed; 1 skipped/,
    );
    assert.match(results, /:white_check_mark: 1\. `rollout restart deployment\/api` \*succeeded\*/);
    assert.match(
      results,
      /:x: 3\. `set image deployment\/api api=api:2` \*failed\*\n```admission webhook denied the request```/,
    );
    assert.match(results, /:fast_forward: 4\. `scale deployment worker --replicas=2` \*skipped\*/);
    assert.ok(results.includes(`${OOM}\`\`\``), 'the last line of the output is kept');
    assert.match(results, /_… [\d,]+ of [\d,]+ characters cut above; the end is kept:_/);
    assert.ok(!results.includes('line 0: all good'), 'the head is what is cut');
    assert.ok(results.includes(`GET /api/approvals/${id}`), 'the full output is one step away');
    assert.ok(results.length <= 4000);
    assertWholeMarkup(results);
  });

  test('every other final state is one thread reply with who, when and why', async () => {
    const rejected = await propose([
      { command: 'kubectl scale deployment a --replicas=1 -n shop', safety_level: 'CAUTION' },
    ]);
    await kg.call('POST', `/api/approvals/${rejected}/reject`, { reason: 'wrong <!channel> target' }, BOB);
    await until(rejected, 'rejected');
    assert.deepEqual(repliesTo(rejected).length, 1);
    assert.match(
      repliesTo(rejected)[0]!,
      /^:no_entry: \*Rejected\* by `api:bob` \(rest\) — <!date\^\d+\^[^>]+>: wrong &lt;!channel&gt; target\nNothing ran\.$/,
    );

    const cancelled = await propose([
      { command: 'kubectl scale deployment b --replicas=1 -n shop', safety_level: 'CAUTION' },
    ]);
    const c = await kg.service.cancel(
      cancelled,
      { principal: 'api:agent' },
      'rest',
      'the alert resolved itself',
    );
    assert.ok(c.ok, JSON.stringify(c));
    await until(cancelled, 'cancelled');
    assert.equal(repliesTo(cancelled).length, 1);
    assert.match(
      repliesTo(cancelled)[0]!,
      /^:heavy_multiplication_x: \*Cancelled\* by `api:agent` \(rest\) — <!date\^\d+\^[^>]+>: the alert resolved itself\. Nothing ran\.$/,
    );

    const expired = await propose([
      { command: 'kubectl scale deployment c --replicas=1 -n shop', safety_level: 'CAUTION' },
    ]);
    offsetMs = 31 * 60_000;
    try {
      assert.ok((await kg.runtime.sweepExpired()) >= 1);
    } finally {
      offsetMs = 0;
    }
    await until(expired, 'expired');
    assert.equal(repliesTo(expired).length, 1);
    assert.match(
      repliesTo(expired)[0]!,
      /^:alarm_clock: \*Expired\* — <!date\^\d+\^[^>]+>: no decision before the deadline \(0 of 1 approvals\)\. Nothing ran/,
    );
    const card = JSON.stringify(messageOf(expired).blocks);
    assert.equal(card.match(/Nothing ran/g)?.length, 1, 'said once on the card');
    assert.doesNotMatch(card, /kubegate\.(approve|reject)/);
  });

  test('/k8s-pending: soonest to expire first, paged with buttons, every line whole with risk, target, namespace and quorum', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 15; i++)
      ids.push(
        await propose(
          [
            {
              command: `kubectl scale deployment svc-${i} --replicas=${i + 2} -n shop`,
              safety_level: i % 3 === 0 ? 'DANGEROUS' : 'CAUTION',
            },
          ],
          { service: '<!channel>'.repeat(20) },
        ),
      );
    const responseUrl = slack.responseUrl;
    const first = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: slashCommandFields({
        userId: 'UALICE',
        command: PENDING_COMMAND,
        text: '',
        channelId: CHANNEL,
        responseUrl,
      }),
    });
    const page1 = first.json as { text: string; blocks: Block[] };
    const idsIn = (blocks: Block[]) =>
      blocks.flatMap((b) => [...JSON.stringify(b).matchAll(/`(apr_[0-9a-z]+)`/g)].map((x) => x[1]!));
    const check = (blocks: Block[]) => {
      for (const b of blocks) {
        if (b.type === 'section') {
          assert.ok(b.text!.text.length <= 3000);
          assertWholeMarkup(b.text!.text);
          if (b.text!.text.includes('apr_')) {
            assert.match(
              b.text!.text,
              /:(red|large_yellow)_circle: (DANGEROUS|change) · `scale deployment svc-\d+ --replicas=\d+` in `shop` on \*prod-eu-1\*\n\*0 of [12]\* approvals · expires <!date/,
            );
          }
        }
      }
    };
    check(page1.blocks);
    const shown1 = idsIn(page1.blocks);
    assert.deepEqual(shown1, ids.slice(0, 8), 'the 8 soonest to expire, in order');
    assert.match(
      page1.blocks[0]!.text!.text,
      /15 waiting for your approval\*, soonest to expire first — page 1 of 2/,
    );
    const nav = page1.blocks.at(-1)!;
    assert.equal(nav.type, 'actions');
    const next = nav.elements!.find((e) => e.text.text.startsWith('Next'));
    const responded = slack.nextCall('response_url');
    const clicked = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: blockActionPayload({
        userId: 'UALICE',
        actionId: next.action_id,
        value: next.value,
        channelId: CHANNEL,
        messageTs: '1700000000.000001',
        responseUrl,
      }),
    });
    assert.equal(clicked.status, 200);
    const page2 = (await responded).args as { replace_original: boolean; blocks: Block[] };
    assert.equal(page2.replace_original, true);
    check(page2.blocks);
    assert.deepEqual(idsIn(page2.blocks), ids.slice(8), 'the rest, nothing dropped');
    assert.ok(
      page2.blocks.at(-1)!.elements!.some((e: any) => e.text.text.startsWith('◀')),
      'and a way back',
    );

    const one = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'form',
      fields: slashCommandFields({
        userId: 'UALICE',
        command: PENDING_COMMAND,
        text: ids[3]!,
        channelId: CHANNEL,
      }),
    });
    const whole = one.json as { blocks: Block[] };
    assert.equal(whole.blocks[1]!.type, 'actions');
    assert.ok(
      JSON.stringify(whole.blocks).includes('```kubectl scale deployment svc-3 --replicas=5 -n shop```'),
    );
    for (const id of ids) await reject(id);
  });

  test('App Home lists what the viewer may decide with buttons and their recent decisions, refreshed on change', async () => {
    const opened = slack.nextCall('views.publish');
    const event = await sendSlackRequest(`${kg.url}/slack/events`, SECRET, {
      kind: 'json',
      payload: {
        token: 'legacy',
        team_id: TEAM_ID,
        api_app_id: APP_ID,
        type: 'event_callback',
        event_id: 'Ev0001',
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'app_home_opened',
          user: 'UALICE',
          channel: 'D0ALICE',
          tab: 'home',
          event_ts: String(Date.now() / 1000),
        },
      },
    });
    assert.equal(event.status, 200);
    assert.equal((await opened).args.user_id, 'UALICE');
    const refreshed = slack.nextCall('views.publish');
    const id = await propose([
      { command: 'kubectl scale deployment home --replicas=3 -n shop', safety_level: 'CAUTION' },
    ]);
    await refreshed;
    const home = () => slack.homes.get('UALICE') as { type: string; blocks: Block[] };
    assert.equal(home().type, 'home');
    const actions = home().blocks.filter((b) => b.type === 'actions' && JSON.stringify(b).includes(id));
    assert.equal(actions.length, 1);
    assert.deepEqual(
      actions[0]!.elements!.map((e) => e.action_id),
      [APPROVE_ACTION, REJECT_ACTION],
    );

    const afterDecision = new Promise<void>((resolve) => {
      const wait = async (): Promise<void> => {
        while (!JSON.stringify(home()).includes(':white_check_mark: approved `scale deployment home'))
          await slack.nextCall('views.publish', 10_000);
        resolve();
      };
      void wait();
    });
    const answer = await click('UALICE', APPROVE_ACTION, id, { fromHome: true });
    assert.equal(answer.status, 200);
    await until(id, 'succeeded');
    await afterDecision;
    const shown = JSON.stringify(home());
    assert.match(
      shown,
      /:white_check_mark: approved `scale deployment home --replicas=3`.*now \*(approved|executing|succeeded)\*/,
    );
    assert.ok(
      !home().blocks.some((b) => b.type === 'actions' && JSON.stringify(b).includes(id)),
      'decided: no buttons left for it',
    );
  });

  test('an unknown action_id is acknowledged at once and changes nothing', async () => {
    const id = await propose([
      { command: 'kubectl scale deployment x --replicas=3 -n shop', safety_level: 'CAUTION' },
    ]);
    const answer = await click('UALICE', 'kubegate.some_future_button', id);
    assert.equal(answer.status, 200);
    assert.ok(answer.ms < 2500, `acknowledged in ${answer.ms} ms`);
    assert.equal((await kg.call('GET', `/api/approvals/${id}`, undefined, AGENT)).json.state, 'pending');
    await reject(id);
  });
});

describe('CLUSTER_NAME', () => {
  test('is read and trimmed by config, and documented', () => {
    const loaded = loadConfig({ CLUSTER_NAME: ' prod-eu-1 ' });
    assert.ok(loaded.ok);
    assert.equal(loaded.value.clusterName, 'prod-eu-1');
    assert.ok(!loadConfig({ CLUSTER_NAME: 'x'.repeat(81) }).ok);
  });

  test('defaults to the kubeconfig context in every message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubegate-ctx-'));
    const kubeconfig = join(dir, 'config');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: staging-west',
        'clusters: [{ name: c, cluster: { server: "http://127.0.0.1:9", insecure-skip-tls-verify: true } }]',
        'users: [{ name: u, user: { token: t } }]',
        'contexts: [{ name: staging-west, context: { cluster: c, user: u } }]',
      ].join('\n'),
    );
    const slack = await startSlackApiDouble({ botToken: BOT });
    const kg = await startCoreKubegate(
      {
        KUBECONFIG: kubeconfig,
        APPROVERS: 'slack:UALICE',
        SLACK_BOT_TOKEN: BOT,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_APPROVAL_CHANNEL: CHANNEL,
        SLACK_API_URL: slack.url,
      },
      { planner },
    );
    try {
      const posted = slack.nextCall('chat.postMessage');
      const res = await kg.call('POST', '/api/approvals', {
        action: 'x',
        commands: [
          {
            command: 'kubectl scale deployment a --replicas=2 -n shop',
            explanation: 'x',
            safety_level: 'CAUTION',
          },
        ],
      });
      assert.equal(res.status, 201);
      assert.match(String((await posted).args.text), /in `shop` on staging-west/);
    } finally {
      await kg.close();
      await slack.close();
    }
  });
});

describe('renderers (pure)', () => {
  const wire = (over: Partial<WireApproval> = {}): WireApproval => ({
    id: 'apr_01jqk2m7w3x9c8v5b4n6z2a1s0',
    state: 'pending',
    action: 'restart',
    commands: [
      {
        command: 'x',
        canonical: 'kubectl rollout restart deployment/api -n shop',
        namespace: 'shop',
        read_only: false,
        explanation: 'e',
        safety_level: 'CAUTION',
        risk: 'change',
        risk_reasons: [],
        preview: null,
      },
      {
        command: 'y',
        canonical: 'kubectl set image deployment/api api=api:2 -n shop',
        namespace: 'shop',
        read_only: false,
        explanation: 'e',
        safety_level: 'CAUTION',
        risk: 'change',
        risk_reasons: [],
        preview: null,
      },
      {
        command: 'z',
        canonical: 'kubectl cordon node-7',
        namespace: null,
        read_only: false,
        explanation: 'e',
        safety_level: 'DANGEROUS',
        risk: 'dangerous',
        risk_reasons: [],
        preview: null,
      },
      {
        command: 'w',
        canonical: 'kubectl delete pod web-1 -n shop',
        namespace: 'shop',
        read_only: false,
        explanation: 'e',
        safety_level: 'CAUTION',
        risk: 'change',
        risk_reasons: [],
        preview: null,
      },
    ],
    metadata: {},
    requester: 'mcp:agent',
    idempotency_key: null,
    digest: null,
    risk_raised_at: null,
    namespace_mismatch: null,
    created_at: '2026-03-14T03:00:00.000Z',
    expires_at: '2026-03-14T03:30:00.000Z',
    quorum: { required: 2, approvals: 0, rules: ['r'] },
    created_via: 'mcp',
    ended_by: null,
    decisions: [],
    results: [],
    approved_at: null,
    started_at: null,
    finished_at: null,
    ended_at: null,
    reason: null,
    ...over,
  });

  test('interrupted: one reply that says it may be half-applied and what to check', () => {
    const reply = renderFinalReply(wire({ state: 'interrupted', ended_at: '2026-03-14T03:05:00.000Z' }), {})!;
    assert.match(reply, /\*The change may be half-applied\.\*/);
    assert.deepEqual(checksFor(wire()), [
      'kubectl rollout status deployment/api -n shop',
      'kubectl get node node-7',
      'kubectl get pod web-1 -n shop',
    ]);
    assert.ok(reply.includes('`kubectl rollout status deployment/api -n shop`'));
  });

  test('tail keeps the end and says how much was cut; short text is whole', () => {
    assert.equal(tail('short', 100), '```short```');
    const long = `${'a'.repeat(5000)}\nthe end`;
    const kept = tail(long, 200);
    assert.match(kept, /_… 4,\d{3} of 5,008 characters cut above; the end is kept:_/);
    assert.ok(kept.endsWith('the end```'));
  });

  test('links: http(s) only, no credentials, no way to close the markup or choose the label', () => {
    assert.equal(safeLink('https://a.example/x?a=1&b=2', 'alert'), '<https://a.example/x?a=1&amp;b=2|alert>');
    for (const bad of [
      'javascript:alert(1)',
      'https://a.example/x|Grafana',
      'https://a.example/<!here>',
      'https://u:p@a.example/',
      'ftp://a.example/',
      'https://a.example/ x',
      'not a url',
      'https://i.example/?```',
      42,
    ]) {
      assert.equal(safeLink(bad, 'alert'), undefined, String(bad));
    }
  });

  test('property: whatever the agent puts in metadata and text, every < in a pending message is kubegate markup', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '<!here>',
        '<!channel>',
        '<!subteam^S0X>',
        '<@UALICE>',
        '<https://evil.example|Grafana>',
        '&lt;',
        '&',
        '```',
        '`',
        '|',
        '>',
        'https://ok.example/a?b=1&c=<x>',
        'https://ok.example/|x',
        'javascript:x',
      ),
    );
    const textOf = fc.array(hostile, { minLength: 1, maxLength: 5 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        textOf,
        textOf,
        textOf,
        textOf,
        fc.integer({ min: 0, max: 1 }),
        (action, reasoning, url, service, approvals) => {
          const a = wire({
            action,
            metadata: { reasoning, alert_url: url, incident_url: `https://i.example/${url}`, service },
            quorum: { required: 2, approvals, rules: ['r'] },
          });
          const ctx = { cluster: 'prod <!here>', approvers: ['<!subteam^S0SRE>', '<@U0ALICE>'] };
          const message = renderApprovalMessage(a, ctx);
          for (const text of mrkdwnOf(message)) assertWholeMarkup(text);
          assertWholeMarkup(renderPendingPage([{ approval: a }], 0, 0, ctx).text);
          const confirm = JSON.stringify(message.blocks).includes('"confirm"');
          assert.ok(confirm, 'a dangerous approve asks for confirmation');
        },
      ),
      { numRuns: 300 },
    );
  });
});
