import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { RecordingExecutor } from '../support/executor-double.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';

const PROBLEM = 'application/problem+json';
const dangerous = {
  ...ORIGINAL_EXAMPLE,
  action: 'Remove the broken deployment',
  commands: [
    {
      command: 'kubectl delete deployment api-service -n production',
      explanation: 'it is broken',
      safety_level: 'DANGEROUS',
    },
  ],
};

describe('the original curl flow, unauthenticated on loopback', () => {
  let kg: TestKubegate;
  const executor = new RecordingExecutor();
  before(async () => {
    kg = await startCoreKubegate({}, { executor });
  });
  after(() => kg.close());

  test('proposes, lists, approves and records the execution', async () => {
    const created = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
    assert.equal(created.status, 201);
    assert.equal(created.json.state, 'pending');
    assert.equal(created.json.requester, 'api:local');
    assert.equal(created.json.commands[0].safety_level, 'CAUTION');
    assert.equal(created.json.commands[0].risk, 'change');
    const id: string = created.json.id;

    const pending = await kg.call('GET', '/api/approvals/pending');
    assert.equal(pending.status, 200);
    assert.deepEqual(
      pending.json.approvals.map((a: { id: string }) => a.id),
      [id],
    );

    const approved = await kg.call('POST', `/api/approvals/${id}/approve`);
    assert.equal(approved.status, 200);
    assert.ok(['approved', 'executing', 'succeeded'].includes(approved.json.state));
    assert.deepEqual(
      approved.json.decisions.map((d: { by: string; via: string }) => [d.by, d.via]),
      [['api:local', 'rest']],
    );

    await kg.until(id, 'succeeded');
    const done = await kg.call('GET', `/api/approvals/${id}`);
    assert.equal(done.json.state, 'succeeded');
    assert.equal(done.json.results[0].status, 'succeeded');
    assert.equal(executor.calls.length, 1);
    assert.deepEqual((await kg.call('GET', '/api/approvals/pending')).json.approvals, []);
  });

  test('rejects with a reason, exactly as the original curl command sends it', async () => {
    const { json } = await kg.call('POST', '/api/mcp/propose', ORIGINAL_EXAMPLE);
    const res = await kg.call(
      'POST',
      `/api/approvals/${json.id}/reject`,
      '{"reason": "Not safe to execute"}',
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.state, 'rejected');
    assert.equal(res.json.reason, 'Not safe to execute');
    assert.equal(res.json.decisions[0].reason, 'Not safe to execute');
  });

  test('refuses a second decision with 409 and the current state', async () => {
    const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
    await kg.call('POST', `/api/approvals/${json.id}/reject`, { reason: 'no' });
    const again = await kg.call('POST', `/api/approvals/${json.id}/approve`);
    assert.equal(again.status, 409);
    assert.equal(again.type, PROBLEM);
    assert.equal(again.json.state, 'rejected');
  });

  test('returns the same approval for a retried idempotency key', async () => {
    const body = { ...ORIGINAL_EXAMPLE, idempotency_key: 'alert-7781' };
    const first = await kg.call('POST', '/api/approvals', body);
    const second = await kg.call('POST', '/api/approvals', body);
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.json.id, first.json.id);
  });

  test('pages through history and filters it by state', async () => {
    const page = await kg.call('GET', '/api/approvals?state=rejected&limit=1');
    assert.equal(page.status, 200);
    assert.equal(page.json.approvals.length, 1);
    assert.equal(page.json.approvals[0].state, 'rejected');
    assert.equal(typeof page.json.next_cursor, 'string');
    const next = await kg.call(
      'GET',
      `/api/approvals?state=rejected&limit=5&cursor=${page.json.next_cursor}`,
    );
    assert.ok(
      next.json.approvals.every(
        (a: { state: string; id: string }) => a.state === 'rejected' && a.id !== page.json.approvals[0].id,
      ),
    );
  });

  test('keeps a dangerous proposal pending for a quorum the local user alone cannot meet', async () => {
    const { json } = await kg.call('POST', '/api/approvals', dangerous);
    assert.deepEqual(json.quorum, { required: 2, approvals: 0, rules: ['dangerous'] });
    // The single local user may approve their own proposal, but they are one person: one vote of the two.
    const self = await kg.call('POST', `/api/approvals/${json.id}/approve`);
    assert.equal(self.status, 200);
    assert.deepEqual(self.json.quorum, { required: 2, approvals: 1, rules: ['dangerous'] });
    const again = await kg.call('POST', `/api/approvals/${json.id}/approve`);
    assert.equal(again.status, 409);
    assert.equal(again.json.type, 'urn:kubegate:problem:duplicate-decision');
    assert.equal((await kg.call('GET', `/api/approvals/${json.id}`)).json.state, 'pending');
  });
});

describe('error statuses', () => {
  let kg: TestKubegate;
  before(async () => {
    kg = await startCoreKubegate();
  });
  after(() => kg.close());

  test('400 lists the zod issues and stores nothing', async () => {
    const res = await kg.call('POST', '/api/approvals', {
      ...ORIGINAL_EXAMPLE,
      commands: [{ command: 'kubectl get pods', safety_level: 'MAYBE' }],
    });
    assert.equal(res.status, 400);
    assert.equal(res.type, PROBLEM);
    const paths = res.json.issues.map((i: { path: string }) => i.path);
    assert.ok(
      paths.includes('commands.0.safety_level') && paths.includes('commands.0.explanation'),
      JSON.stringify(paths),
    );
    assert.deepEqual((await kg.call('GET', '/api/approvals')).json.approvals, []);
  });

  test('400 for a body that is not JSON', async () => {
    const res = await kg.call('POST', '/api/approvals', '{"action": ');
    assert.equal(res.status, 400);
    assert.equal(res.json.type, 'urn:kubegate:problem:invalid-json');
  });

  test('400 for a reject without a reason', async () => {
    const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
    const res = await kg.call('POST', `/api/approvals/${json.id}/reject`);
    assert.equal(res.status, 400);
    assert.match(res.json.detail, /reason/);
    assert.equal((await kg.call('GET', `/api/approvals/${json.id}`)).json.state, 'pending');
  });

  test('400 for an unknown state filter or a forged cursor', async () => {
    assert.equal((await kg.call('GET', '/api/approvals?state=done')).status, 400);
    assert.equal((await kg.call('GET', '/api/approvals?cursor=bm9wZQ')).status, 400);
    assert.equal((await kg.call('GET', '/api/approvals?limit=100000')).status, 400);
  });

  test('404 for an unknown or malformed id', async () => {
    const unknown = await kg.call('GET', '/api/approvals/apr_01m85bcq060kbafc7h4jspxn57');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.type, PROBLEM);
    assert.equal((await kg.call('POST', '/api/approvals/../../etc/approve')).status, 404);
  });

  test('every id route answers the core not_found as a 404 problem, for unknown and malformed ids alike', async () => {
    for (const id of [
      'apr_01m85bcq060kbafc7h4jspxn57',
      'apr_nope',
      'APR_01M85BCQ060KBAFC7H4JSPXN57',
      'apr_%3Cscript%3E',
    ]) {
      const calls = [
        kg.call('GET', `/api/approvals/${id}`),
        kg.call('POST', `/api/approvals/${id}/approve`, {}),
        kg.call('POST', `/api/approvals/${id}/reject`, { reason: 'no' }),
        kg.call('POST', `/api/approvals/${id}/cancel`, {}),
      ];
      for (const res of await Promise.all(calls)) {
        assert.equal(res.status, 404, `${id}: ${JSON.stringify(res.json)}`);
        assert.equal(res.type, PROBLEM);
        assert.equal(res.json.status, 404);
        assert.match(res.json.detail, /^no approval has the id /);
      }
    }
  });

  test('413 for a body over the limit', async () => {
    const res = await kg.call('POST', '/api/approvals', {
      ...ORIGINAL_EXAMPLE,
      action: 'x'.repeat(300 * 1024),
    });
    assert.equal(res.status, 413);
    assert.equal(res.type, PROBLEM);
  });

  test('415 for a form body', async () => {
    const res = await kg.call('POST', '/api/approvals', 'action=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.status, 415);
    assert.equal(res.type, PROBLEM);
  });
});

describe('authentication and authorisation', () => {
  let kg: TestKubegate;
  const alice = { authorization: 'Bearer alice-token-0123456789' };
  const bot = { authorization: 'Bearer agent-token-0123456789' };
  before(async () => {
    kg = await startCoreKubegate({
      API_TOKENS: 'alice:alice-token-0123456789,agent:agent-token-0123456789,bob:bob-token-0123456789',
      APPROVERS: 'api:alice,api:bob',
    });
  });
  after(() => kg.close());

  test('401 without a token or with a wrong one', async () => {
    const none = await kg.call('GET', '/api/approvals/pending');
    assert.equal(none.status, 401);
    assert.equal(none.type, PROBLEM);
    const wrong = await kg.call('GET', '/api/approvals/pending', undefined, {
      authorization: 'Bearer alice-token-0123456780',
    });
    assert.equal(wrong.status, 401);
  });

  test('records the token identity as requester and decider', async () => {
    const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE, bot);
    assert.equal(json.requester, 'api:agent');
    const res = await kg.call('POST', `/api/approvals/${json.id}/approve`, { comment: 'go' }, alice);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.decisions[0], {
      decision: 'approve',
      by: 'api:alice',
      person: 'api:alice',
      via: 'rest',
      at: res.json.decisions[0].at,
      reason: 'go',
    });
  });

  test('403 for an identity that is not an approver, and nothing changes', async () => {
    const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE, bot);
    const res = await kg.call('POST', `/api/approvals/${json.id}/approve`, undefined, bot);
    assert.equal(res.status, 403);
    assert.equal(res.json.type, 'urn:kubegate:problem:not-allowed');
    assert.equal((await kg.call('GET', `/api/approvals/${json.id}`, undefined, bot)).json.state, 'pending');
  });

  test('approves a dangerous proposal only with two distinct approvers', async () => {
    const { json } = await kg.call('POST', '/api/approvals', dangerous, bot);
    const first = await kg.call('POST', `/api/approvals/${json.id}/approve`, undefined, alice);
    assert.equal(first.json.state, 'pending');
    assert.deepEqual(first.json.quorum, { required: 2, approvals: 1, rules: ['dangerous'] });
    const twice = await kg.call('POST', `/api/approvals/${json.id}/approve`, undefined, alice);
    assert.equal(twice.status, 409);
    const second = await kg.call('POST', `/api/approvals/${json.id}/approve`, undefined, {
      authorization: 'Bearer bob-token-0123456789',
    });
    assert.equal(second.status, 200);
    assert.notEqual(second.json.state, 'pending');
  });

  test('leaves health, readiness and metrics open', async () => {
    assert.equal((await kg.call('GET', '/healthz')).status, 200);
    const ready = await kg.call('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.json.checks.store, 'ok');
    const metrics = await kg.call('GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.json, /kubegate_proposals_total\{surface="rest"\} \d+/);
    assert.match(metrics.json, /kubegate_pending_approvals \d+/);
    assert.match(metrics.json, /kubegate_decisions_total\{outcome="approve",surface="rest"\} \d+/);
  });
});

describe('expiry', () => {
  test('refuses a decision on an expired proposal with 409 and the state, and the sweeper settles it', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const kg = await startCoreKubegate({ APPROVAL_TTL: '30m' }, { clock: () => new Date(now) });
    try {
      const a = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
      const b = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
      now += 31 * 60_000;
      const late = await kg.call('POST', `/api/approvals/${a.json.id}/approve`);
      assert.equal(late.status, 409);
      assert.equal(late.json.state, 'expired');
      assert.equal((await kg.call('GET', `/api/approvals/${a.json.id}`)).json.state, 'expired');
      assert.equal(await kg.runtime.sweepExpired(), 1);
      assert.equal((await kg.call('GET', `/api/approvals/${b.json.id}`)).json.state, 'expired');
      assert.deepEqual((await kg.call('GET', '/api/approvals/pending')).json.approvals, []);
    } finally {
      await kg.close();
    }
  });
});

describe('concurrency', () => {
  test('50 concurrent approvals of one proposal: one success, 49 × 409, one execution', async () => {
    const executor = new RecordingExecutor();
    const kg = await startCoreKubegate({}, { executor });
    try {
      const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => kg.call('POST', `/api/approvals/${json.id}/approve`)),
      );
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1);
      assert.equal(statuses.filter((s) => s === 409).length, 49);
      await kg.until(json.id, 'succeeded');
      assert.equal(executor.calls.length, 1);
    } finally {
      await kg.close();
    }
  });
});

describe('graceful shutdown', () => {
  test('lets a running execution finish before closing the store', async () => {
    const executor = new RecordingExecutor();
    executor.hold();
    const kg = await startCoreKubegate({ SHUTDOWN_GRACE: '10s' }, { executor });
    const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
    await kg.call('POST', `/api/approvals/${json.id}/approve`);
    await kg.until(json.id, 'executing');
    let finished = false;
    const done = kg.until(json.id, 'succeeded').then(() => (finished = true));
    const closing = kg.close();
    assert.equal(finished, false);
    executor.resume();
    await closing;
    assert.equal(finished, true, 'close() resolved only after the run was recorded');
    await done;
  });

  test('aborts a run that outlasts the grace period and records it as failed', async () => {
    const executor = new RecordingExecutor();
    executor.hold();
    const kg = await startCoreKubegate({ SHUTDOWN_GRACE: '50ms' }, { executor });
    const { json } = await kg.call('POST', '/api/approvals', ORIGINAL_EXAMPLE);
    await kg.call('POST', `/api/approvals/${json.id}/approve`);
    await kg.until(json.id, 'executing');
    const failed = kg.until(json.id, 'failed');
    await kg.close();
    const approval = await failed;
    assert.equal(approval.state, 'failed');
  });
});
