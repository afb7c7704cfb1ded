import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../support/cluster.ts';
import { startTestKubegate } from '../support/kubegate.ts';
import { startSlackApiDouble } from '../support/slack-api-double.ts';

test('an alert storm: 300 proposals, repeats collapse, every distinct one is posted once despite a 429', async () => {
  const cluster = await startTestCluster();
  const slack = await startSlackApiDouble({ botToken: 'xoxb-storm' });
  const kg = await startTestKubegate({
    KUBECONFIG: cluster.kubeconfig,
    APPROVERS: '*',
    SLACK_BOT_TOKEN: 'xoxb-storm',
    SLACK_SIGNING_SECRET: 'storm-signing-secret',
    SLACK_APPROVAL_CHANNEL: 'C0STORM',
    SLACK_API_URL: slack.url,
  });
  try {
    slack.inject({ method: 'chat.postMessage', status: 429, retryAfter: 1, times: 1 });
    // 30 distinct remediations, each sent 10 times: half with the agent's idempotency key, half without.
    const bodies = Array.from({ length: 300 }, (_, i) => {
      const n = (i % 30) + 1;
      const command = `kubectl scale deployment api-service --replicas=${n} -n production`;
      return {
        action: `Scale api-service to ${n}`,
        commands: [{ command, explanation: 'alert storm', safety_level: 'CAUTION' }],
        metadata: { namespace: 'production', alert: `HighLatency-${n}` },
        ...(i % 2 === 0 ? { idempotency_key: `alert-${n}` } : {}),
      };
    });
    const answers = [];
    for (let wave = 0; wave < 300; wave += 50) {
      answers.push(
        ...(await Promise.all(
          bodies.slice(wave, wave + 50).map((b) => kg.call('POST', '/api/approvals', b)),
        )),
      );
    }
    assert.ok(
      answers.every((a) => a.status === 201 || a.status === 200),
      JSON.stringify(answers.find((a) => a.status >= 300)?.json),
    );
    const ids = new Set(answers.map((a) => a.json.id as string));
    assert.equal(ids.size, 30, 'repeats joined the pending proposal of the same operations');
    assert.equal(answers.filter((a) => a.status === 201).length, 30);

    await kg.slack?.notifier.idle();
    const posted = [...slack.messages.values()].filter((m) => m.thread_ts === undefined);
    assert.equal(posted.length, 30, 'every distinct proposal was posted, once');
    for (const id of ids) assert.equal(posted.filter((m) => JSON.stringify(m.blocks).includes(id)).length, 1);
    const posts = slack.callsTo('chat.postMessage');
    assert.equal(posts.length, 31, 'thirty posts plus the one refused with 429');
    assert.ok((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0) >= 1000, 'the retry waited for Retry-After');
    assert.equal((await kg.call('GET', '/api/approvals/pending')).json.approvals.length, 30);
  } finally {
    await kg.close();
    await slack.close();
    await cluster.close();
  }
});
