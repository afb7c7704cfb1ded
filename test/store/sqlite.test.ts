import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.ts';
import { runStoreContract } from './store.contract.ts';
import { pendingApproval } from '../support/approvals.ts';
import { TamperedRecord } from '../../src/approvals/ports.ts';

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

test('seals records with a key kept beside the database (0600), and refuses one changed in the file', async () => {
  const path = tempDb();
  const store = await openStore({ kind: 'sqlite', path });
  const a = pendingApproval();
  await store.create(a);
  await store.close();
  assert.equal(statSync(`${path}.key`).mode & 0o777, 0o600);

  // Someone with write access to the database file, but not the key, rewrites the command.
  const db = new DatabaseSync(path);
  const row = db.prepare("SELECT key, value FROM kv WHERE key LIKE ?").get(`%approval:${a.id}`) as { key: string; value: string };
  db.prepare('UPDATE kv SET value = ? WHERE key = ?').run(row.value.replace('kubectl delete pod api-service-7b4f9d', 'kubectl delete deployment api-service'), row.key);
  db.close();

  const tampered: string[] = [];
  const reopened = await openStore({ kind: 'sqlite', path }, { onTampered: (id) => tampered.push(id) });
  await assert.rejects(reopened.get(a.id), TamperedRecord);
  assert.deepEqual(await reopened.listOpen(), [], 'a tampered record is left out of lists');
  assert.deepEqual(tampered, [a.id, a.id]);
  await reopened.close();

  // The same file with another key (STORE_SIGNING_KEY set later, or a lost key file) verifies nothing either.
  const otherKey = await openStore({ kind: 'sqlite', path }, { signingKey: 'another-key-of-at-least-thirty-two-bytes' });
  assert.deepEqual(await otherKey.listOpen(), []);
  await otherKey.close();
});
