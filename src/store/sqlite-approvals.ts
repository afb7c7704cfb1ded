import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Approval, ApprovalId, PendingApproval } from '../approvals/model.ts';
import { isOpen } from '../approvals/model.ts';
import type { ApprovalStore, HistoryPage, HistoryQuery } from '../approvals/ports.ts';
import { decodeHistoryCursor, encodeHistoryCursor } from '../approvals/cursor.ts';
import { importKeyvApprovals } from './sqlite-migration.ts';
import { HISTORY_RECORDS_KEPT, UnchangedRecords } from './unchanged-records.ts';

// `seq` is the insertion order: history pages and the open set are keyset scans over it, never offsets.
// The two partial unique indexes are the joining rules themselves, so no interleaving of creates can break them.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS approvals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    open INTEGER NOT NULL,
    requester TEXT NOT NULL,
    idempotency_key TEXT,
    digest TEXT,
    created_at TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS approvals_idempotency ON approvals (requester, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE UNIQUE INDEX IF NOT EXISTS approvals_pending_digest ON approvals (digest) WHERE state = 'pending' AND digest IS NOT NULL;
  CREATE INDEX IF NOT EXISTS approvals_open ON approvals (seq) WHERE open = 1;
  CREATE INDEX IF NOT EXISTS approvals_state ON approvals (state, seq);
  CREATE INDEX IF NOT EXISTS approvals_created_at ON approvals (created_at);
`;

type RecordRow = { record: string };
type SeqRow = RecordRow & { seq: number };

/**
 * Approvals as rows of `node:sqlite` tables, with the columns kubegate queries by (state, open, requester +
 * idempotency key, pending digest, creation time) indexed and the whole record as JSON beside them. A
 * compare-and-set is one `UPDATE … WHERE id = ? AND version = ?`; SQLite's write lock makes it atomic across
 * processes sharing the file, and statements run synchronously, so nothing interleaves inside a transaction.
 */
export class SqliteApprovalStore implements ApprovalStore {
  private readonly db: DatabaseSync;
  private readonly openRecords = new UnchangedRecords();
  private readonly historyRecords = new UnchangedRecords(HISTORY_RECORDS_KEPT);
  private readonly statements: Record<
    'byId' | 'byKey' | 'pendingByDigest' | 'insert' | 'update' | 'open' | 'page' | 'pageByState',
    StatementSync
  >;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 }); // approvals are nobody else's to read
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    this.db.exec(SCHEMA);
    const sql = (text: string): StatementSync => this.db.prepare(text);
    this.statements = {
      byId: sql('SELECT record FROM approvals WHERE id = ?'),
      byKey: sql('SELECT record FROM approvals WHERE requester = ? AND idempotency_key = ?'),
      pendingByDigest: sql("SELECT record FROM approvals WHERE digest = ? AND state = 'pending'"),
      insert: sql(
        'INSERT INTO approvals (id, version, state, open, requester, idempotency_key, digest, created_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      update: sql(
        'UPDATE approvals SET version = ?, state = ?, open = ?, record = ? WHERE id = ? AND version = ?',
      ),
      open: sql('SELECT record FROM approvals WHERE open = 1 ORDER BY seq'),
      page: sql('SELECT seq, record FROM approvals WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
      pageByState: sql(
        'SELECT seq, record FROM approvals WHERE state = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
    };
    this.transaction(() => {
      importKeyvApprovals(this.db, (a, indexDigest) => {
        this.insert(a, indexDigest);
      });
    });
  }

  get(id: ApprovalId): Promise<Approval | undefined> {
    return Promise.resolve(parse(this.statements.byId.get(id)));
  }

  findByIdempotencyKey(requester: string, key: string): Promise<Approval | undefined> {
    return Promise.resolve(parse(this.statements.byKey.get(requester, key)));
  }

  create(approval: PendingApproval): Promise<{ approval: Approval; created: boolean }> {
    return Promise.resolve(
      this.transaction(() => {
        const { requester, idempotencyKey, digest } = approval.proposal;
        const existing =
          idempotencyKey === undefined
            ? undefined
            : parse(this.statements.byKey.get(requester, idempotencyKey));
        if (existing) return { approval: existing, created: false };
        // An alert storm repeats itself: the same operations on the same targets join the pending proposal.
        const same = digest === undefined ? undefined : parse(this.statements.pendingByDigest.get(digest));
        if (same) return { approval: same, created: false };
        this.insert(approval);
        return { approval, created: true };
      }),
    );
  }

  compareAndSet(next: Approval, expectedVersion: number): Promise<boolean> {
    const { changes } = this.statements.update.run(
      next.version,
      next.state,
      isOpen(next) ? 1 : 0,
      JSON.stringify(next),
      next.id,
      expectedVersion,
    );
    return Promise.resolve(changes === 1);
  }

  listOpen(): Promise<readonly Approval[]> {
    return Promise.resolve(
      this.openRecords.parse((this.statements.open.all() as RecordRow[]).map((row) => row.record)),
    );
  }

  listHistory(query: HistoryQuery): Promise<HistoryPage> {
    const before =
      (query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor)) ?? Number.MAX_SAFE_INTEGER;
    // One row more than asked tells whether another page exists, without a count.
    const rows = (
      query.state === undefined
        ? this.statements.page.all(before, query.limit + 1)
        : this.statements.pageByState.all(query.state, before, query.limit + 1)
    ) as SeqRow[];
    const shown = rows.slice(0, query.limit);
    const approvals = this.historyRecords.parse(shown.map((row) => row.record));
    const last = shown.at(-1);
    return Promise.resolve(
      rows.length > query.limit && last
        ? { approvals, nextCursor: encodeHistoryCursor(last.seq) }
        : { approvals },
    );
  }

  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  private insert(a: Approval, indexDigest = true): void {
    const { requester, idempotencyKey, digest } = a.proposal;
    const digestColumn = indexDigest ? (digest ?? null) : null;
    this.statements.insert.run(
      a.id,
      a.version,
      a.state,
      isOpen(a) ? 1 : 0,
      requester,
      idempotencyKey ?? null,
      digestColumn,
      a.createdAt,
      JSON.stringify(a),
    );
  }

  /** BEGIN IMMEDIATE takes the write lock first, so a read-then-insert is atomic against other processes too. */
  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (cause) {
      this.db.exec('ROLLBACK');
      throw cause;
    }
  }
}

function parse(row: unknown): Approval | undefined {
  return row === undefined ? undefined : (JSON.parse((row as RecordRow).record) as Approval);
}
