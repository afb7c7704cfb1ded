import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPROVE_ACTION } from '../../src/slack/ids.ts';
import { settledState } from '../support/events.ts';
import { startTestCluster } from '../support/cluster.ts';
import { startKubegateProcess } from '../support/processes.ts';
import { startSlackApiDouble } from '../support/slack-api-double.ts';
import { blockActionPayload, sendSlackRequest } from '../support/slack-signing.ts';

const SECRET = 'crash-signing-secret';
// Only a guard against a hang: a restart on a busy 2-core machine can take seconds, so no step is held to a deadline.
const SLACK_WAIT_MS = 120_000;

const OPS = { authorization: 'Bearer ops-token-0123456789' };

test(
  'SIGKILL during an execution: after restart it is interrupted, not re-run, Slack says so, and old buttons still work',
  { timeout: 240_000 },
  async () => {
    const cluster = await startTestCluster();
    const slack = await startSlackApiDouble({ botToken: 'xoxb-crash' });
    const env = {
      STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'kubegate-crash-')), 'kubegate.db')}`,
      KUBECONFIG: cluster.kubeconfig,
      // The agent proposes, ops approves: nobody approves their own request.
      API_TOKENS: 'agent:agent-token-0123456789,ops:ops-token-0123456789',
      APPROVERS: '*',
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_APPROVAL_CHANNEL: 'C0CRASH',
      SLACK_API_URL: slack.url,
    };
    const first = await startKubegateProcess(env);
    let second: Awaited<ReturnType<typeof startKubegateProcess>> | undefined;
    try {
      const propose = async (command: string): Promise<string> => {
        const posted = slack.nextCall('chat.postMessage', SLACK_WAIT_MS);
        const res = await fetch(`${first.url}/api/approvals`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer agent-token-0123456789' },
          body: JSON.stringify({
            action: command,
            commands: [{ command, explanation: 'crash test', safety_level: 'CAUTION' }],
            metadata: { namespace: 'production' },
          }),
        });
        assert.equal(res.status, 201);
        await posted;
        return ((await res.json()) as { id: string }).id;
      };
      const running = await propose(`kubectl delete pod ${cluster.fixture.pod}`);
      const waiting = await propose('kubectl scale deployment api-service --replicas=4');
      const messageTs = (id: string): string => {
        const message = [...slack.messages.values()].find(
          (m) => m.thread_ts === undefined && JSON.stringify(m.blocks).includes(id),
        );
        assert.ok(message);
        return message.ts;
      };

      // The DELETE reaches Kubernetes but its answer never comes back before the crash.
      cluster.double.inject({ method: 'DELETE', delayMs: 60_000 });
      const executing = slack.nextCall('chat.postMessage', SLACK_WAIT_MS);
      await fetch(`${first.url}/api/approvals/${running}/approve`, { method: 'POST', headers: OPS });
      assert.match(String((await executing).args.text), /Executing/);
      assert.equal(await first.stop('SIGKILL'), null, 'killed, not exited');
      cluster.double.clearFaults();

      const updated = slack.nextCall('chat.update', SLACK_WAIT_MS);
      second = await startKubegateProcess(env);
      const after = (await (
        await fetch(`${second.url}/api/approvals/${running}`, { headers: OPS })
      ).json()) as { state: string; reason: string };
      assert.equal(after.state, 'interrupted');
      assert.match(after.reason, /not re-run/);
      await updated;
      const shown = [...slack.messages.values()].find((m) => m.ts === messageTs(running));
      assert.match(JSON.stringify(shown?.blocks), /Interrupted/);
      assert.equal(
        cluster.sent('DELETE', `/pods/${cluster.fixture.pod}`),
        1,
        'the interrupted run was not repeated',
      );

      const click = await sendSlackRequest(`${second.url}/slack/events`, SECRET, {
        kind: 'form',
        fields: blockActionPayload({
          userId: 'UONCALL',
          actionId: APPROVE_ACTION,
          value: waiting,
          channelId: 'C0CRASH',
          messageTs: messageTs(waiting),
        }),
      });
      assert.equal(click.status, 200);
      assert.equal(
        await settledState(second.url, waiting, OPS),
        'succeeded',
        'a button posted before the crash still works',
      );
    } finally {
      await first.stop();
      await second?.stop();
      await slack.close();
      await cluster.close();
    }
  },
);
