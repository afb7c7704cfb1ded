import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@redis/client';
import { APPROVE_ACTION } from '../../src/slack/ids.ts';
import { settledState } from '../support/events.ts';
import { startTestCluster } from '../support/cluster.ts';
import { redisSkip, testRedisUrl } from '../support/redis.ts';
import { startKubegateProcess } from '../support/processes.ts';
import { startSlackApiDouble } from '../support/slack-api-double.ts';
import { blockActionPayload, sendSlackRequest } from '../support/slack-signing.ts';

const REDIS = testRedisUrl(3);

const OPS = { authorization: 'Bearer ops-token-0123456789' };

test(
  'two replicas on one Redis: 200 concurrent approvals over REST and Slack run the action exactly once',
  { skip: redisSkip },
  async () => {
    const flush = createClient({ url: REDIS });
    await flush.connect();
    await flush.flushDb();
    await flush.close();
    const cluster = await startTestCluster();
    const slack = await startSlackApiDouble({ botToken: 'xoxb-replicas' });
    const env = {
      STORE_URL: REDIS,
      // Both replicas seal and verify records with the same key, as a deployment must give them.
      STORE_SIGNING_KEY: 'replicas-share-this-signing-key-of-32-bytes',
      KUBECONFIG: cluster.kubeconfig,
      // The agent proposes; people (ops over REST, anyone in Slack) approve: nobody approves their own request.
      API_TOKENS: 'agent:agent-token-0123456789,ops:ops-token-0123456789',
      APPROVERS: '*',
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: 'replica-signing-secret',
      SLACK_APPROVAL_CHANNEL: 'C0REPLICAS',
      SLACK_API_URL: slack.url,
    };
    const [a, b] = await Promise.all([startKubegateProcess(env), startKubegateProcess(env)]);
    try {
      const posting = slack.nextCall('chat.postMessage');
      const created = await fetch(`${a.url}/api/approvals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer agent-token-0123456789' },
        body: JSON.stringify({
          action: 'Restart the crashed pod',
          commands: [
            {
              command: `kubectl delete pod ${cluster.fixture.pod} -n production`,
              explanation: 'OOMKilled',
              safety_level: 'CAUTION',
            },
          ],
          metadata: { namespace: 'production' },
        }),
      });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      const post = await posting;
      const ts = String(
        (post.args as { ts?: string }).ts ??
          [...slack.messages.values()].find((m) => JSON.stringify(m.blocks).includes(id))?.ts,
      );

      const decide = Array.from({ length: 200 }, (_, i) => {
        const replica = i % 2 === 0 ? a : b;
        if (i % 4 < 2)
          return fetch(`${replica.url}/api/approvals/${id}/approve`, { method: 'POST', headers: OPS }).then(
            (r) => ({ via: 'rest', status: r.status }),
          );
        const fields = blockActionPayload({
          userId: `U${String(i).padStart(4, '0')}`,
          actionId: APPROVE_ACTION,
          value: id,
          channelId: 'C0REPLICAS',
          messageTs: ts,
        });
        return sendSlackRequest(`${replica.url}/slack/events`, 'replica-signing-secret', {
          kind: 'form',
          fields,
        }).then((r) => ({ via: 'slack', status: r.status }));
      });
      const answers = await Promise.all(decide);
      const rest = answers.filter((x) => x.via === 'rest');
      const restWins = rest.filter((x) => x.status === 200).length;
      assert.ok(
        answers.filter((x) => x.via === 'slack').every((x) => x.status === 200),
        'every click was acknowledged',
      );
      assert.ok(
        rest.every((x) => x.status === 200 || x.status === 409),
        JSON.stringify(rest.map((x) => x.status)),
      );

      // Wait for the outcome on either replica, then for both replicas' Slack work to be done.
      await settledState(b.url, id, OPS);
      const approval = (await (await fetch(`${a.url}/api/approvals/${id}`, { headers: OPS })).json()) as {
        state: string;
        decisions: unknown[];
      };
      assert.equal(approval.state, 'succeeded');
      assert.equal(approval.decisions.length, 1, 'one decision recorded');
      assert.equal(
        cluster.sent('DELETE', `/pods/${cluster.fixture.pod}`),
        1,
        'exactly one DELETE reached Kubernetes',
      );
      assert.ok(restWins <= 1);
      // Each losing click is told privately, after its acknowledgement; wait for those answers as they arrive.
      const expectedRefusals = 100 - (1 - restWins);
      while (slack.callsTo('chat.postEphemeral').length < expectedRefusals)
        await slack.nextCall('chat.postEphemeral');
      assert.equal(
        slack.callsTo('chat.postEphemeral').length,
        expectedRefusals,
        'every caller but one was told it was already decided',
      );

      await a.stop();
      await b.stop();
      const updates = slack.callsTo('chat.update').filter((c) => c.args.ts === ts);
      assert.ok(
        updates.length >= 1 && updates.length <= 3,
        `one update per state change at most (approved, executing, succeeded), saw ${updates.length}`,
      );
      assert.equal(
        slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === undefined).length,
        1,
        'one message, not one per replica',
      );
    } finally {
      await a.stop();
      await b.stop();
      await slack.close();
      await cluster.close();
    }
  },
);
