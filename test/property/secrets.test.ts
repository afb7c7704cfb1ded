import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  APPROVE_ACTION,
  REASON_BLOCK,
  REASON_INPUT,
  REJECT_ACTION,
  REJECT_MODAL,
} from '../../src/slack/ids.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import { startSlackApiDouble, type SlackApiDouble } from '../support/slack-api-double.ts';
import { blockActionPayload, sendSlackRequest, viewSubmissionPayload } from '../support/slack-signing.ts';

const AGENT_TOKEN = 'tok-SECRET-aaaaaaaaaaaaaaaaaaaaaaaa';
const BOB_TOKEN = 'tok-SECRET-bbbbbbbbbbbbbbbbbbbbbbbb';
const BOT_TOKEN = 'xoxb-SECRET-cccccccccccccccccccccccc';
const SIGNING_SECRET = 'SIGNING-SECRET-dddddddddddddddddddddddd';
/** Presented by callers but never configured: kubegate must not echo or log these either. */
const WRONG_TOKENS = ['tok-SECRET-zzzzzzzzzzzzzzzzzzzzzzzz', `${AGENT_TOKEN}x`, AGENT_TOKEN.slice(0, -1)];
const SECRETS = [AGENT_TOKEN, BOB_TOKEN, BOT_TOKEN, SIGNING_SECRET, ...WRONG_TOKENS];
/** Every secret above carries this marker, so a clipped or partial secret is caught too. */
const MARKER = 'SECRET-';

const CHANNEL = 'C0APPROVALS';
const NS = 'production';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  server.close();
  await once(server, 'close');
  return address.port;
}

describe('secrets in a full run with LOG_LEVEL=debug', () => {
  let cluster: TestCluster;
  let slack: SlackApiDouble;
  let child: ChildProcess;
  let url = '';
  let stderr = '';
  let stdout = '';
  const answers: string[] = [];

  const call = async (
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; text: string; json: any }> => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    answers.push(`${res.status} ${JSON.stringify([...res.headers])} ${text}`);
    return { status: res.status, text, json: text === '' ? undefined : JSON.parse(text) };
  };
  const messageOf = (id: string) =>
    [...slack.messages.values()].find(
      (m) => m.thread_ts === undefined && JSON.stringify(m.blocks).includes(id),
    );
  /** Resolves once the approval's Slack message shows `pattern` (each check precedes the wait, so nothing is missed). */
  const messageShows = async (id: string, pattern: RegExp): Promise<void> => {
    while (!pattern.test(JSON.stringify(messageOf(id)?.blocks ?? []))) {
      await slack.nextCall(messageOf(id) === undefined ? 'chat.postMessage' : 'chat.update', 10_000);
    }
  };
  const propose = async (command: string): Promise<string> => {
    const res = await call('POST', '/api/approvals', AGENT_TOKEN, {
      action: `Remediate: ${command}`,
      commands: [{ command, explanation: 'remediation', safety_level: 'CAUTION' }],
      metadata: { severity: 'HIGH', service: 'api-service', namespace: NS },
    });
    assert.equal(res.status, 201, res.text);
    const id = res.json.id as string;
    await messageShows(id, /Approve/);
    return id;
  };
  const click = (
    user: string,
    actionId: string,
    id: string,
    opts: { secret?: string; triggerId?: string } = {},
  ) =>
    sendSlackRequest(`${url}/slack/events`, opts.secret ?? SIGNING_SECRET, {
      kind: 'form',
      fields: blockActionPayload({
        userId: user,
        actionId,
        value: id,
        channelId: CHANNEL,
        messageTs: messageOf(id)?.ts ?? '1.1',
        ...(opts.triggerId === undefined ? {} : { triggerId: opts.triggerId }),
      }),
    });

  before(async () => {
    cluster = await startTestCluster();
    slack = await startSlackApiDouble({ botToken: BOT_TOKEN });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        KUBECONFIG: cluster.kubeconfig,
        SLACK_API_URL: slack.url,
        STORE_URL: 'memory://',
        APPROVAL_PORT: String(port),
        MCP_STDIO: 'off',
        LOG_LEVEL: 'debug',
        API_TOKENS: `agent:${AGENT_TOKEN},bob:${BOB_TOKEN}`,
        APPROVERS: 'slack:UALICE,api:bob',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APPROVAL_CHANNEL: CHANNEL,
      },
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const stream = child.stderr;
    assert.ok(stream);
    stream.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('kubegate listening on')) resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`kubegate exited with ${String(code)} before listening:\n${stderr}`));
      });
    });
  });
  after(async () => {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await slack.close();
    await cluster.close();
  });

  test('answers an invalid token with a 401 that does not echo it', async () => {
    for (const token of WRONG_TOKENS) {
      const res = await call('GET', '/api/approvals/pending', token);
      assert.equal(res.status, 401);
      assert.equal(res.text.includes(token), false, res.text);
      assert.equal(res.text.includes(MARKER), false, res.text);
    }
    const raw = await fetch(`${url}/api/approvals/pending`, { headers: { authorization: WRONG_TOKENS[0]! } });
    const text = await raw.text();
    answers.push(text);
    assert.equal(raw.status, 401);
    assert.equal(text.includes(MARKER), false, text);
  });

  test('drives REST, Slack and a failing Kubernetes call to their ends', async () => {
    // REST: a refused proposal, a rejection by bob, a self-approval attempt, an unknown id.
    assert.equal(
      (await call('POST', '/api/approvals', AGENT_TOKEN, { action: 'x', commands: [] })).status,
      400,
    );
    const rejected = await propose(`kubectl scale deployment api-service --replicas=6 -n ${NS}`);
    assert.equal((await call('POST', `/api/approvals/${rejected}/approve`, AGENT_TOKEN)).status, 403);
    assert.equal(
      (
        await call('POST', `/api/approvals/${rejected}/reject`, BOB_TOKEN, {
          reason: 'not during the incident call',
        })
      ).status,
      200,
    );
    assert.equal((await call('GET', '/api/approvals/apr_00000000000000000000000000', BOB_TOKEN)).status, 404);
    await messageShows(rejected, /Rejected by/);

    // Slack: a forged click, a refused click, an approving click that runs, and a rejection through the modal.
    const scaled = await propose(`kubectl scale deployment api-service --replicas=4 -n ${NS}`);
    assert.equal(
      (await click('UALICE', APPROVE_ACTION, scaled, { secret: 'not-the-signing-secret' })).status,
      401,
    );
    const refusal = slack.nextCall('chat.postEphemeral');
    assert.equal((await click('UMALLORY', APPROVE_ACTION, scaled)).status, 200);
    await refusal;
    assert.equal((await click('UALICE', APPROVE_ACTION, scaled)).status, 200);
    await messageShows(scaled, /Succeeded/);

    const modalRejected = await propose(`kubectl rollout restart deployment/api-service -n ${NS}`);
    const opening = slack.nextCall('views.open');
    assert.equal(
      (await click('UALICE', REJECT_ACTION, modalRejected, { triggerId: 'trigger-secrets-1' })).status,
      200,
    );
    const view = (await opening).args.view as { private_metadata: string };
    const submitted = await sendSlackRequest(`${url}/slack/events`, SIGNING_SECRET, {
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
    await messageShows(modalRejected, /Rejected by/);

    // Kubernetes answers the delete with a 500: the approval fails, and the failure is logged and shown.
    const deleted = await propose(`kubectl delete pod ${cluster.fixture.pod} -n ${NS}`);
    cluster.double.inject({ method: 'DELETE', status: 500, times: 3 });
    assert.equal(
      (await call('POST', `/api/approvals/${deleted}/approve`, BOB_TOKEN, { comment: 'go' })).status,
      200,
    );
    await messageShows(deleted, /Failed/);
    const final = await call('GET', `/api/approvals/${deleted}`, BOB_TOKEN);
    assert.equal(final.json.state, 'failed');
    assert.ok(stderr.includes('"level":20'), 'debug lines were captured');
  });

  test('no configured or presented secret appears in logs, Slack Web API arguments or REST answers', async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    assert.ok(stderr.length > 0);
    assert.equal(stdout, '', 'stdout carries nothing when MCP is not on stdio');
    // Bolt's auth.test passes the bot token as its `token` argument: the credential, sent to the Slack API that issued
    // it. Every other argument (texts, blocks, views, metadata) is content people read, and must hold no secret.
    for (const c of slack.calls)
      if (c.args.token !== undefined) assert.equal(c.args.token, BOT_TOKEN, c.method);
    const slackArgs = slack.calls
      .map(({ method, args: { token: _credential, ...content } }) => `${method} ${JSON.stringify(content)}`)
      .join('\n');
    const rest = answers.join('\n');
    for (const [where, haystack] of [
      ['logs', stderr],
      ['Slack Web API arguments', slackArgs],
      ['REST answers', rest],
    ] as const) {
      for (const secret of SECRETS) {
        assert.equal(haystack.includes(secret), false, `${where} contain ${secret}`);
      }
      const at = haystack.indexOf(MARKER);
      assert.equal(
        at,
        -1,
        `${where} contain part of a secret: …${haystack.slice(Math.max(0, at - 200), at + 100)}…`,
      );
    }
  });
});
