import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openStore, openStores } from '../../src/store/open-store.ts';
import { runStoreContract } from './store.contract.ts';
import { redisSkip, testRedisUrl } from '../support/redis.ts';
import { pendingApproval } from '../support/approvals.ts';

// CI starts redis-server when none answers (.ci/run); a developer without one sees these skipped, with the reason.
const skip = redisSkip;
// Redis always needs the key of the MAC that seals its records (config refuses to start without it).
const sealing = { signingKey: 'redis-contract-signing-key-32-bytes-long' };

// Each test file that uses Redis has its own database number, so files running in parallel never meet:
// 1 for this contract (flushed before each case), 2 for the two-store race, 3 for replicas.test.ts, 4 for
// redis-replicas.test.ts, 5 for attacks.test.ts.
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
