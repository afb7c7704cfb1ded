import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { KeyvBridgeStore } from 'keyv';

type Row = { value: string; expires: number | null };

/**
 * A keyv store on Node's built-in `node:sqlite`. @keyv/sqlite needs the native `sqlite3` addon, which downloads a
 * prebuilt binary or compiles against the headers of whichever Node runs npm; this needs nothing but Node 24.
 * `setMany` is one transaction, which is what lets the approval store write a record and its indexes atomically.
 */
export class SqliteKvStore implements KeyvBridgeStore {
  private readonly db: DatabaseSync;
  private readonly selectOne: StatementSync;
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 }); // approvals are nobody else's to read
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
    `);
    this.selectOne = this.db.prepare('SELECT value, expires FROM kv WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
    );
    this.remove = this.db.prepare('DELETE FROM kv WHERE key = ?');
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.read(key));
  }

  getMany(keys: string[]): Promise<Array<string | undefined>> {
    return Promise.resolve(keys.map((key) => this.read(key)));
  }

  set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.write(key, value, ttl);
    return Promise.resolve(true);
  }

  setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<boolean[]> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const entry of entries) this.write(entry.key, entry.value, entry.ttl);
      this.db.exec('COMMIT');
    } catch (cause) {
      this.db.exec('ROLLBACK');
      throw new Error('sqlite batch write failed', { cause });
    }
    return Promise.resolve(entries.map(() => true));
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.remove.run(key).changes > 0);
  }

  clear(): Promise<void> {
    this.db.exec('DELETE FROM kv');
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  private read(key: string): string | undefined {
    const row = this.selectOne.get(key) as Row | undefined;
    if (!row) return undefined;
    if (row.expires !== null && row.expires <= Date.now()) return undefined;
    return row.value;
  }

  private write(key: string, value: unknown, ttl: number | undefined): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    this.upsert.run(key, text, ttl === undefined ? null : Date.now() + ttl);
  }
}
