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
import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../src/approvals/canonical-json.ts';

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
  assert.deepEqual(
    (await second.listOpen()).map((x) => x.id),
    [a.id],
  );
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
  const row = db.prepare('SELECT record FROM approvals WHERE id = ?').get(a.id) as { record: string };
  db.prepare('UPDATE approvals SET record = ? WHERE id = ?').run(
    row.record.replace('kubectl delete pod api-service-7b4f9d', 'kubectl delete deployment api-service'),
    a.id,
  );
  db.close();

  const tampered: string[] = [];
  const reopened = await openStore({ kind: 'sqlite', path }, { onTampered: (id) => tampered.push(id) });
  await assert.rejects(reopened.get(a.id), TamperedRecord);
  assert.deepEqual(await reopened.listOpen(), [], 'a tampered record is left out of lists');
  assert.deepEqual(tampered, [a.id, a.id]);
  await reopened.close();

  // The same file with another key (STORE_SIGNING_KEY set later, or a lost key file) verifies nothing either.
  const otherKey = await openStore(
    { kind: 'sqlite', path },
    { signingKey: 'another-key-of-at-least-thirty-two-bytes' },
  );
  assert.deepEqual(await otherKey.listOpen(), []);
  await otherKey.close();
});

test('a record changed in the file after it was listed is refused on the next list, not served from memory', async () => {
  // Lists reuse what they parsed and verified while a record's stored text is unchanged (unchanged-records.ts): the
  // text is the key, so a write behind kubegate's back, with the store open and the record already read, is caught.
  const path = tempDb();
  const tampered: string[] = [];
  const store = await openStore({ kind: 'sqlite', path }, { onTampered: (id) => tampered.push(id) });
  const a = pendingApproval();
  await store.create(a);
  assert.deepEqual(
    (await store.listOpen()).map((x) => x.id),
    [a.id],
  );
  assert.deepEqual(
    (await store.listHistory({ limit: 5 })).approvals.map((x) => x.id),
    [a.id],
  );
  assert.equal((await store.listOpen())[0], (await store.listOpen())[0], 'an unchanged record is reused');

  const db = new DatabaseSync(path);
  const row = db.prepare('SELECT record FROM approvals WHERE id = ?').get(a.id) as { record: string };
  db.prepare('UPDATE approvals SET record = ? WHERE id = ?').run(
    row.record.replace('kubectl delete pod api-service-7b4f9d', 'kubectl delete deployment api-service'),
    a.id,
  );
  db.close();

  assert.deepEqual(await store.listOpen(), [], 'left out of the pending list');
  assert.deepEqual((await store.listHistory({ limit: 5 })).approvals, [], 'and out of history');
  assert.deepEqual(tampered, [a.id, a.id]);
  await store.close();
});

test('verifies a record by its content, whatever the order of its keys in the file', async () => {
  const path = tempDb();
  const key = 'a-signing-key-of-at-least-thirty-two-bytes!';
  const store = await openStore({ kind: 'sqlite', path }, { signingKey: key });
  const [a, b] = [pendingApproval(), { ...pendingApproval(), createdAt: '2026-01-01T00:00:01.000Z' }];
  await store.create(a);
  await store.create(b);
  await store.close();

  const db = new DatabaseSync(path);
  const recordOf = (id: string) =>
    JSON.parse(
      (db.prepare('SELECT record FROM approvals WHERE id = ?').get(id) as { record: string }).record,
    );
  const write = (id: string, record: unknown) =>
    db.prepare('UPDATE approvals SET record = ? WHERE id = ?').run(JSON.stringify(record), id);
  // a: the same content with its keys in another order (a store that re-serialises) keeps its MAC valid.
  const reordered = Object.fromEntries(Object.entries(recordOf(a.id)).reverse());
  write(a.id, reordered);
  // b: the MAC is over canonical JSON (keys sorted at every depth), which anyone holding the key can recompute.
  const { mac, ...plain } = recordOf(b.id);
  assert.equal(mac, `hmac-sha256:${createHmac('sha256', key).update(canonicalJson(plain)).digest('hex')}`);
  write(b.id, { mac, ...Object.fromEntries(Object.entries(plain).reverse()) });
  db.close();

  const tampered: string[] = [];
  const reopened = await openStore(
    { kind: 'sqlite', path },
    { signingKey: key, onTampered: (id) => tampered.push(id) },
  );
  assert.deepEqual(await reopened.get(a.id), a);
  assert.deepEqual(await reopened.get(b.id), b);
  assert.deepEqual(tampered, []);
  await reopened.close();
});

test('imports approvals written by the keyv-based store of earlier versions, once, keeping their seal and order', async () => {
  const path = tempDb();
  const store = await openStore({ kind: 'sqlite', path });
  const [older, newer] = [pendingApproval(), { ...pendingApproval(), createdAt: '2026-01-01T00:00:01.000Z' }];
  await store.create(older);
  await store.create(newer);
  await store.close();
  // Move the rows back where kubegate 0.1 kept them: keyv records in the kv table.
  const db = new DatabaseSync(path);
  db.exec(
    'CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID',
  );
  for (const { id, record } of db.prepare('SELECT id, record FROM approvals').all() as {
    id: string;
    record: string;
  }[]) {
    db.prepare('INSERT INTO kv (key, value, expires) VALUES (?, ?, NULL)').run(
      `kubegate::approval:${id}`,
      `{"value":${record}}`,
    );
  }
  db.exec('DROP TABLE approvals');
  db.close();
  const reopened = await openStore({ kind: 'sqlite', path });
  assert.deepEqual(await reopened.get(older.id), older);
  assert.deepEqual(
    (await reopened.listHistory({ limit: 5 })).approvals.map((a) => a.id),
    [newer.id, older.id],
  );
  await reopened.close();
});
