import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { RecordingExecutor } from '../support/executor-double.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';

const COMMAND = (pod: string) => `kubectl delete pod ${pod} -n production`;
const proposal = (pod: string) => ({
  ...ORIGINAL_EXAMPLE,
  commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: COMMAND(pod) }],
});

describe('GET /api/audit', () => {
  let kg: TestKubegate;
  // Each reading of the clock is a millisecond later, so the trail's order does not depend on the machine's speed.
  let tick = Date.now();
  const ids: Record<'approved' | 'rejected' | 'cancelled', string> = {
    approved: '',
    rejected: '',
    cancelled: '',
  };

  before(async () => {
    kg = await startCoreKubegate({}, { executor: new RecordingExecutor(), clock: () => new Date(++tick) });
    for (const [key, pod] of [
      ['approved', 'a1'],
      ['rejected', 'r1'],
      ['cancelled', 'c1'],
    ] as const) {
      const res = await kg.call('POST', '/api/approvals', proposal(pod));
      assert.equal(res.status, 201);
      ids[key] = res.json.id;
    }
    await kg.call('POST', `/api/approvals/${ids.approved}/approve`, { comment: 'go' });
    await kg.until(ids.approved, 'succeeded');
    await kg.call('POST', `/api/approvals/${ids.rejected}/reject`, { reason: 'Not safe to execute' });
    await kg.call('POST', `/api/approvals/${ids.cancelled}/cancel`, { reason: 'fixed itself' });
  });
  after(async () => {
    await kg.close();
  });

  test('returns the trail oldest first: who, through which surface, when, with what result', async () => {
    const res = await kg.call('GET', '/api/audit');
    assert.equal(res.status, 200);
    const { approved, rejected, cancelled } = ids;
    assert.deepEqual(
      res.json.records.map((r: any) => [
        r.event,
        r.approval_id,
        r.by,
        r.person,
        r.via,
        r.reason ?? null,
        r.result ?? null,
      ]),
      [
        ['proposed', approved, 'api:local', 'api:local', 'rest', null, null],
        ['proposed', rejected, 'api:local', 'api:local', 'rest', null, null],
        ['proposed', cancelled, 'api:local', 'api:local', 'rest', null, null],
        ['approved', approved, 'api:local', 'api:local', 'rest', 'go', null],
        ['executed', approved, 'kubegate', null, 'system', null, 'succeeded'],
        ['rejected', rejected, 'api:local', 'api:local', 'rest', 'Not safe to execute', null],
        ['cancelled', cancelled, 'api:local', 'api:local', 'rest', 'fixed itself', null],
      ],
    );
    assert.equal(res.json.next_since, null);
    const first = res.json.records[0];
    assert.equal(first.action, ORIGINAL_EXAMPLE.action);
    assert.deepEqual(first.commands, [COMMAND('a1')]);

    // Each record's time is the one the approval itself carries.
    const wire = async (id: string) => (await kg.call('GET', `/api/approvals/${id}`)).json;
    const [a, r, c] = [await wire(approved), await wire(rejected), await wire(cancelled)];
    assert.deepEqual(
      res.json.records.map((x: any) => x.at),
      [
        a.created_at,
        r.created_at,
        c.created_at,
        a.decisions[0].at,
        a.finished_at,
        r.decisions[0].at,
        c.ended_at,
      ],
    );
  });

  test('pages forward with next_since, each record exactly once', async () => {
    const all = (await kg.call('GET', '/api/audit')).json.records;
    const seen: unknown[] = [];
    let since: string | null = null;
    let pages = 0;
    do {
      const query: string = since === null ? '' : `&since=${encodeURIComponent(since)}`;
      const page = await kg.call('GET', `/api/audit?limit=2${query}`);
      assert.equal(page.status, 200);
      assert.ok(page.json.records.length <= 2);
      seen.push(...page.json.records);
      since = page.json.next_since;
      pages++;
    } while (since !== null && pages < 10);
    assert.equal(pages, 4);
    assert.deepEqual(seen, all);
  });

  test('since is exclusive and accepts any RFC 3339 offset', async () => {
    const all = (await kg.call('GET', '/api/audit')).json.records;
    const third = all[2].at;
    const after3 = await kg.call('GET', `/api/audit?since=${encodeURIComponent(third)}`);
    assert.deepEqual(after3.json.records, all.slice(3));
    const shifted = new Date(Date.parse(third)).toISOString().replace('Z', '+00:00');
    assert.deepEqual(
      (await kg.call('GET', `/api/audit?since=${encodeURIComponent(shifted)}`)).json.records,
      all.slice(3),
    );
    const future = new Date(tick + 3_600_000).toISOString();
    assert.deepEqual((await kg.call('GET', `/api/audit?since=${future}`)).json, {
      records: [],
      next_since: null,
    });
  });

  test('refuses a bad query with a 400 problem naming the parameter', async () => {
    for (const [query, path] of [
      ['since=yesterday', 'since'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=two', 'limit'],
      ['cursor=x', '(body)'],
    ]) {
      const res = await kg.call('GET', `/api/audit?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.type, 'application/problem+json');
      assert.equal(res.json.type, 'urn:kubegate:problem:invalid-input');
      assert.equal(res.json.issues[0].path, path, query);
    }
  });

  test('kubegate serves /api/audit itself', async () => {
    const res = await kg.call('GET', '/api/audit');
    assert.equal(res.status, 200);
    assert.equal(res.json.records.length, 7);
  });
});

describe('GET /api/audit around the edges of a page', () => {
  let kg: TestKubegate;
  let now = Date.parse('2030-01-01T00:00:00.000Z');
  const at = (ms: number): string => new Date(ms).toISOString();

  before(async () => {
    kg = await startCoreKubegate({}, { clock: () => new Date(now) });
  });
  after(async () => {
    await kg.close();
  });

  test('a page never splits records that share a timestamp', async () => {
    const t = now;
    await kg.call('POST', '/api/approvals', proposal('t1'));
    now = t + 1000;
    await kg.call('POST', '/api/approvals', proposal('t2'));
    await kg.call('POST', '/api/approvals', proposal('t3'));

    const first = await kg.call('GET', '/api/audit?limit=2');
    assert.deepEqual(
      first.json.records.map((r: any) => r.at),
      [at(t)],
      'stops before the shared timestamp',
    );
    assert.equal(first.json.next_since, at(t));
    const second = await kg.call('GET', `/api/audit?limit=1&since=${first.json.next_since}`);
    assert.deepEqual(
      second.json.records.map((r: any) => r.at),
      [at(t + 1000), at(t + 1000)],
      'takes a timestamp whole rather than nothing',
    );
    assert.equal(second.json.next_since, null);
  });

  test('includes decisions after since on approvals proposed before it', async () => {
    const { json } = await kg.call('POST', '/api/approvals', proposal('late'));
    const proposedAt = now;
    now += 10 * 60_000;
    await kg.call('POST', `/api/approvals/${json.id}/reject`, { reason: 'too late' });
    const res = await kg.call('GET', `/api/audit?since=${at(proposedAt + 60_000)}`);
    assert.deepEqual(
      res.json.records.map((r: any) => [r.event, r.approval_id]),
      [['rejected', json.id]],
    );
  });
});
