import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openStore, openStores } from '../../src/store/open-store.ts';
import { runStoreContract } from './store.contract.ts';
import { redisSkip, testRedisUrl } from '../support/redis.ts';
import { approvalIn, pendingApproval } from '../support/approvals.ts';
import { newApprovalId } from '../../src/approvals/ids.ts';

// CI starts redis-server when none answers (.ci/run); a developer without one sees these skipped, with the reason.
const skip = redisSkip;
// Redis always needs the key of the MAC that seals its records (config refuses to start without it).
const sealing = { signingKey: 'redis-contract-signing-key-32-bytes-long' };

// Each test file that uses Redis has its own database number, so files running in parallel never meet:
// 1 for this contract (flushed before each case), 2 for the two-store race, 3 for replicas.test.ts, 4 for
// redis-replicas.test.ts, 5 for attacks.test.ts, 6 for the keyv import.
runStoreContract(
  'redis',
  async () => {
    const stores = await openStores({ kind: 'redis', url: testRedisUrl(1) }, sealing);
    await stores.redis?.flushDb();
    return { ...stores.approvals, close: stores.close };
  },
  redisSkip === false ? {} : { skip: redisSkip },
);

test(
  'two stores on one Redis let exactly one of many concurrent compare-and-sets win',
  { skip },
  async () => {
    const url = testRedisUrl(2);
    const [a, b] = await Promise.all([
      openStore({ kind: 'redis', url }, sealing),
      openStore({ kind: 'redis', url }, sealing),
    ]);
    const approval = {
      ...pendingApproval(),
      proposal: { ...pendingApproval().proposal, idempotencyKey: randomUUID() },
    };
    await a.create(approval);
    const attempts = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? a : b).compareAndSet({ ...approval, version: 2 }, 1),
      ),
    );
    assert.equal(attempts.filter(Boolean).length, 1);
    assert.equal((await b.get(approval.id))?.version, 2);
    await Promise.all([a.close(), b.close()]);
  },
);

test(
  "an execution lease is its owner's: a stale owner's release cannot free the lease another replica holds now",
  { skip },
  async () => {
    const url = testRedisUrl(2);
    const [a, b] = await Promise.all([
      openStores({ kind: 'redis', url }, sealing),
      openStores({ kind: 'redis', url }, sealing),
    ]);
    const id = `lease-${randomUUID()}`;
    const first = await a.coordination.leases.hold(id, 3);
    assert.ok(first);
    assert.equal(await b.coordination.leases.hold(id, 3), undefined, 'held by another replica');
    // The first owner stalls past the time-to-live (here: its key disappears), and the second takes the lease.
    await a.redis?.del(`kubegate:lease:${id}`);
    const second = await b.coordination.leases.hold(id, 3);
    assert.ok(second);
    await first.release();
    assert.equal(await a.coordination.leases.isHeld(id), true, 'the stale owner released nothing');
    await second.release();
    assert.equal(await a.coordination.leases.isHeld(id), false);
    await Promise.all([a.close(), b.close()]);
  },
);

test(
  'a change committed through one store connection is announced to the others, not to itself',
  { skip },
  async () => {
    const url = testRedisUrl(2);
    const [a, b] = await Promise.all([
      openStores({ kind: 'redis', url }, sealing),
      openStores({ kind: 'redis', url }, sealing),
    ]);
    assert.ok(a.changes && b.changes);
    const approval = pendingApproval();
    const heardByA: number[] = [];
    a.changes.subscribe((n) => heardByA.push(n.version));
    const heardByB = new Promise<number>((resolve) =>
      b.changes?.subscribe((n) => {
        if (n.id === approval.id) resolve(n.version);
      }),
    );
    a.changes.publish({
      id: approval.id,
      version: 7,
      event: { type: 'create', via: 'rest', at: approval.createdAt },
    });
    assert.equal(await heardByB, 7);
    assert.deepEqual(heardByA, []);
    await Promise.all([a.close(), b.close()]);
  },
);

test(
  'imports approvals written by the keyv-based store of kubegate ≤ 0.1, once, keeping their seal, state and order',
  { skip },
  async () => {
    const url = testRedisUrl(6); // this test's own database
    const first = await openStores({ kind: 'redis', url }, sealing);
    await first.redis?.flushDb();
    const older = {
      ...pendingApproval(),
      proposal: { ...pendingApproval().proposal, idempotencyKey: 'k-1' },
    };
    const newer = { ...pendingApproval(), createdAt: '2026-01-01T00:00:01.000Z' };
    const closedPending = { ...pendingApproval(), createdAt: '2026-01-01T00:00:02.000Z' };
    const closed = {
      ...approvalIn('rejected'),
      id: closedPending.id,
      createdAt: closedPending.createdAt,
      version: 2,
    };
    for (const a of [older, newer, closedPending]) await first.approvals.create(a);
    assert.ok(await first.approvals.compareAndSet(closed, 1));
    // Move the records back where kubegate 0.1 kept them: keyv JSON strings, the sealed record as `value`.
    const redis = first.redis;
    assert.ok(redis);
    const sealed = new Map<string, string>();
    for (const id of [older.id, newer.id, closed.id])
      sealed.set(id, (await redis.hGet(`kubegate:approvals:record:${id}`, 'record')) ?? '');
    await redis.flushDb();
    for (const [id, record] of sealed) await redis.set(`kubegate::approval:${id}`, `{"value":${record}}`);
    // And one that someone rewrote without the key: imported as it is, and refused like any tampered record.
    const forged = sealed.get(newer.id)?.replace('api-service-7b4f9d', 'api-service-other') ?? '';
    const forgedId = newApprovalId(new Date());
    await redis.set(`kubegate::approval:${forgedId}`, `{"value":${forged.replace(newer.id, forgedId)}}`);
    await first.close();

    const tampered: string[] = [];
    const reopened = await openStores(
      { kind: 'redis', url },
      { ...sealing, onTampered: (id) => tampered.push(id) },
    );
    assert.deepEqual(await reopened.approvals.get(older.id), older);
    assert.equal((await reopened.approvals.get(closed.id))?.state, 'rejected');
    assert.deepEqual(
      (await reopened.approvals.listHistory({ limit: 5 })).approvals.map((a) => a.id),
      [closed.id, newer.id, older.id],
      'newest first, the forged one left out',
    );
    assert.deepEqual(
      (await reopened.approvals.listOpen()).map((a) => a.id),
      [older.id, newer.id],
    );
    assert.equal((await reopened.approvals.findByIdempotencyKey('api:agent', 'k-1'))?.id, older.id);
    assert.deepEqual(tampered, [forgedId, forgedId]);
    // An imported record is a record like any other: its version fences writes, and closing it updates the indexes.
    const rejected = { ...approvalIn('rejected'), id: older.id, proposal: older.proposal, version: 2 };
    assert.equal(
      await reopened.approvals.compareAndSet({ ...rejected, version: 3 }, 2),
      false,
      'stale version',
    );
    assert.ok(await reopened.approvals.compareAndSet(rejected, 1));
    assert.deepEqual(
      (await reopened.approvals.listOpen()).map((a) => a.id),
      [newer.id],
    );
    await reopened.close();

    // Once only: a second start finds the new store in use and imports nothing again.
    const again = await openStores({ kind: 'redis', url }, sealing);
    const history = await again.approvals.listHistory({ limit: 10 });
    await again.close();
    assert.equal(history.approvals.length, 3, 'the three genuine records, each once');
  },
);
