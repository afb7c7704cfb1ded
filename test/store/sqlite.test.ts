import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.ts';
import { runStoreContract } from './store.contract.ts';
import { pendingApproval } from '../support/approvals.ts';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'kubegate-store-')), 'nested', 'kubegate.db');

runStoreContract('sqlite', () => openStore({ kind: 'sqlite', path: tempDb() }));

test('keeps approvals and indexes across a reopen', async () => {
  const path = tempDb();
  const first = await openStore({ kind: 'sqlite', path });
  const a = pendingApproval();
  await first.create(a);
  await first.close();
  const second = await openStore({ kind: 'sqlite', path });
  assert.deepEqual(await second.get(a.id), a);
  assert.deepEqual((await second.listOpen()).map((x) => x.id), [a.id]);
  assert.equal((await second.listHistory({ limit: 5 })).approvals.length, 1);
  await second.close();
});
