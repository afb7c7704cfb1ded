import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApprovalStore, HistoryPage } from '../../src/approvals/ports.ts';
import type { Approval, PendingApproval } from '../../src/approvals/model.ts';
import { newApprovalId } from '../../src/approvals/ids.ts';
import { at, pendingApproval } from '../support/approvals.ts';

/** Every ApprovalStore implementation must pass these, the way hono runs one router suite per router. */
export function runStoreContract(
  name: string,
  makeStore: () => Promise<ApprovalStore>,
  options: { skip?: string } = {},
): void {
  describe(`${name} store contract`, { skip: options.skip ?? false }, () => {
    const fresh = (seconds = 0, key?: string, requester = 'api:agent'): PendingApproval => {
      const base = pendingApproval('change', requester);
      const createdAt = new Date(Date.parse(at(seconds)));
      return {
        ...base,
        id: newApprovalId(createdAt),
        createdAt: createdAt.toISOString(),
        proposal: { ...base.proposal, ...(key === undefined ? {} : { idempotencyKey: key }) },
      };
    };
    const settle = (a: Approval): Approval => ({
      ...a,
      version: a.version + 1,
      state: 'cancelled',
      endedAt: at(99),
    });

    test('returns what it stored', async () => {
      const store = await makeStore();
      const a = fresh();
      assert.deepEqual(await store.create(a), { approval: a, created: true });
      assert.deepEqual(await store.get(a.id), a);
      assert.equal(await store.get(newApprovalId(new Date())), undefined);
      await store.close();
    });

    test('returns the existing approval for a repeated idempotency key of the same requester', async () => {
      const store = await makeStore();
      const first = fresh(0, 'alert-42');
      await store.create(first);
      const again = await store.create(fresh(1, 'alert-42'));
      assert.equal(again.created, false);
      assert.equal(again.approval.id, first.id);
      assert.equal((await store.findByIdempotencyKey('api:agent', 'alert-42'))?.id, first.id);
      const other = await store.create(fresh(2, 'alert-42', 'api:other-agent'));
      assert.equal(other.created, true, 'keys are scoped to their requester');
      await store.close();
    });

    test('joins a repeat of a pending proposal with the same operations digest, but not a settled one', async () => {
      const store = await makeStore();
      const withDigest = (seconds: number): PendingApproval => {
        const a = fresh(seconds);
        return { ...a, proposal: { ...a.proposal, digest: 'sha256:same-operations' } };
      };
      const first = withDigest(0);
      await store.create(first);
      const repeats = await Promise.all([1, 2, 3].map((s) => store.create(withDigest(s))));
      assert.deepEqual(
        repeats.map((r) => [r.created, r.approval.id]),
        repeats.map(() => [false, first.id]),
      );
      assert.equal(await store.compareAndSet(settle(first), first.version), true);
      const afterDecision = await store.create(withDigest(4));
      assert.equal(afterDecision.created, true, 'once decided, the same operations make a new proposal');
      await store.close();
    });

    test('lets exactly one of many concurrent compare-and-sets on one version win', async () => {
      const store = await makeStore();
      const a = fresh();
      await store.create(a);
      const attempts = await Promise.all(
        Array.from({ length: 50 }, () => store.compareAndSet({ ...a, version: 2 }, 1)),
      );
      assert.equal(attempts.filter(Boolean).length, 1);
      assert.equal((await store.get(a.id))?.version, 2);
      assert.equal(await store.compareAndSet({ ...a, version: 3 }, 1), false, 'a stale version is refused');
      await store.close();
    });

    test('lists open approvals oldest first and drops settled ones', async () => {
      const store = await makeStore();
      const [a, b, c] = [fresh(1), fresh(2), fresh(3)];
      for (const x of [a, b, c]) await store.create(x);
      assert.equal(await store.compareAndSet(settle(b), b.version), true);
      assert.deepEqual(
        (await store.listOpen()).map((x) => x.id),
        [a.id, c.id],
      );
      await store.close();
    });

    test('pages through history newest first without gaps or repeats, and filters by state', async () => {
      const store = await makeStore();
      const all = Array.from({ length: 23 }, (_, i) => fresh(i));
      for (const x of all) await store.create(x);
      for (const x of all.slice(0, 5)) await store.compareAndSet(settle(x), x.version);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listHistory({ limit: 10, ...(cursor === undefined ? {} : { cursor }) });
        assert.ok(page.approvals.length <= 10);
        seen.push(...page.approvals.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      assert.deepEqual(seen, all.map((x) => x.id).reverse());
      const cancelled = await store.listHistory({ state: 'cancelled', limit: 50 });
      assert.deepEqual(
        cancelled.approvals.map((x) => x.id),
        all
          .slice(0, 5)
          .map((x) => x.id)
          .reverse(),
      );
      assert.equal(cancelled.nextCursor, undefined);
      await store.close();
    });

    test('lets one of many concurrent creates with one idempotency key, or one pending digest, create', async () => {
      const store = await makeStore();
      const keyed = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.create(fresh(i, 'storm-key'))),
      );
      assert.equal(keyed.filter((r) => r.created).length, 1);
      assert.equal(new Set(keyed.map((r) => r.approval.id)).size, 1, 'every caller got the one approval');
      const digested = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const a = fresh(100 + i);
          return store.create({ ...a, proposal: { ...a.proposal, digest: 'sha256:storm' } });
        }),
      );
      assert.equal(digested.filter((r) => r.created).length, 1);
      assert.equal(new Set(digested.map((r) => r.approval.id)).size, 1);
      await store.close();
    });

    test('keeps compare-and-sets on different approvals independent under concurrency', async () => {
      const store = await makeStore();
      const all = Array.from({ length: 30 }, (_, i) => fresh(i));
      await Promise.all(all.map((a) => store.create(a)));
      // Every approval is raced by three writers at version 1; exactly one per approval wins.
      const wins = await Promise.all(
        all.flatMap((a) => [0, 1, 2].map(() => store.compareAndSet(settle(a), a.version))),
      );
      assert.equal(wins.filter(Boolean).length, all.length);
      assert.deepEqual(await store.listOpen(), []);
      for (const a of all) assert.equal((await store.get(a.id))?.state, 'cancelled');
      await store.close();
    });

    test('keeps the version it was given and refuses every write from an older one (fencing)', async () => {
      const store = await makeStore();
      const a = fresh();
      await store.create(a);
      const executing: Approval = {
        ...a,
        version: 2,
        state: 'executing',
        approvedAt: at(1),
        startedAt: at(2),
      };
      assert.equal(await store.compareAndSet(executing, 1), true);
      const interrupted: Approval = { ...a, version: 3, state: 'interrupted', endedAt: at(50) };
      assert.equal(await store.compareAndSet(interrupted, 2), true);
      // The run that stalled past its lease comes back with the version it started at.
      const late: Approval = {
        ...a,
        version: 3,
        state: 'succeeded',
        approvedAt: at(1),
        startedAt: at(2),
        finishedAt: at(60),
        results: [],
      };
      assert.equal(await store.compareAndSet(late, 2), false);
      assert.equal((await store.get(a.id))?.state, 'interrupted');
      await store.close();
    });

    test('pages history by keyset: approvals created while paging never shift or repeat later pages', async () => {
      const store = await makeStore();
      const first = Array.from({ length: 12 }, (_, i) => fresh(i));
      for (const x of first) await store.create(x);
      const page1 = await store.listHistory({ limit: 5 });
      assert.deepEqual(
        page1.approvals.map((x) => x.id),
        first
          .slice(7)
          .map((x) => x.id)
          .reverse(),
      );
      assert.ok(page1.nextCursor);
      const later = Array.from({ length: 4 }, (_, i) => fresh(50 + i));
      for (const x of later) await store.create(x);
      const rest: string[] = [];
      let cursor: string | undefined = page1.nextCursor;
      while (cursor !== undefined) {
        const page: HistoryPage = await store.listHistory({ limit: 5, cursor });
        rest.push(...page.approvals.map((x) => x.id));
        cursor = page.nextCursor;
      }
      assert.deepEqual(
        rest,
        first
          .slice(0, 7)
          .map((x) => x.id)
          .reverse(),
      );
      assert.deepEqual(
        (await store.listHistory({ limit: 4 })).approvals.map((x) => x.id),
        later.map((x) => x.id).reverse(),
      );
      await store.close();
    });

    test('moves an approval between the state filters as it changes, keeping its place in history', async () => {
      const store = await makeStore();
      const [a, b, c] = [fresh(1), fresh(2), fresh(3)];
      for (const x of [a, b, c]) await store.create(x);
      assert.equal(await store.compareAndSet(settle(a), a.version), true);
      const ids = async (state?: Approval['state']) =>
        (await store.listHistory({ limit: 10, ...(state ? { state } : {}) })).approvals.map((x) => x.id);
      assert.deepEqual(await ids('pending'), [c.id, b.id]);
      assert.deepEqual(await ids('cancelled'), [a.id]);
      assert.deepEqual(await ids(), [c.id, b.id, a.id], 'a decision does not move an approval in history');
      assert.deepEqual(
        (await store.listOpen()).map((x) => x.id),
        [b.id, c.id],
      );
      await store.close();
    });

    test('answers a ping', async () => {
      const store = await makeStore();
      await store.ping();
      await store.close();
    });
  });
}
