import type { Keyv } from 'keyv';
import type { Approval, ApprovalId, PendingApproval } from '../approvals/model.ts';
import { isOpen } from '../approvals/model.ts';
import type { ApprovalStore, HistoryPage, HistoryQuery } from '../approvals/ports.ts';
import { decodeHistoryCursor, encodeHistoryCursor } from '../approvals/cursor.ts';
import { createKeyedSerialQueue, type KeyedLock } from './serial.ts';

const INDEX_LOCK = 'indexes';

// History is an append-only list of ids cut into chunks, so appending rewrites one small chunk, not the whole list.
const CHUNK_SIZE = 512;
// A filtered history page stops after this many records and hands back a cursor, so one request stays bounded.
const MAX_SCAN = 5000;

const keys = {
  approval: (id: string) => `approval:${id}`,
  idempotency: (requester: string, key: string) => `idempotency:${requester}:${key}`,
  digest: (digest: string) => `pending-digest:${digest}`,
  open: 'index:open',
  historyLength: 'index:history:length',
  historyChunk: (n: number) => `index:history:${n}`,
};

type Entry = { key: string; value: unknown };

/**
 * The approval repository on any keyv backend. Records are JSON under `approval:<id>`; two small indexes make
 * listing cheap: `index:open` (the ids that can still change) and the chunked history list.
 */
export class KeyvApprovalStore implements ApprovalStore {
  private readonly lock: KeyedLock;
  private readonly kv: Keyv;

  /**
   * Writes take a lock per approval, and the indexes' lock only when they change (a new approval, an approval
   * leaving the open set): decisions on different approvals do not wait for each other. `sharedLock` makes the
   * read-check-write atomic across processes (Redis); in-process serialisation per key always comes first, so a
   * replica holds a shared lock for one of its writes at a time.
   */
  constructor(kv: Keyv, sharedLock?: KeyedLock) {
    this.kv = kv;
    const local = createKeyedSerialQueue();
    this.lock = sharedLock ? (key, task) => local(key, () => sharedLock(key, task)) : local;
  }

  async get(id: ApprovalId): Promise<Approval | undefined> {
    return this.kv.get<Approval>(keys.approval(id));
  }

  async findByIdempotencyKey(requester: string, key: string): Promise<Approval | undefined> {
    const id = await this.kv.get<ApprovalId>(keys.idempotency(requester, key));
    return id === undefined ? undefined : this.get(id);
  }

  create(approval: PendingApproval): Promise<{ approval: Approval; created: boolean }> {
    return this.lock(INDEX_LOCK, async () => {
      const { requester, idempotencyKey, digest } = approval.proposal;
      if (idempotencyKey !== undefined) {
        const existing = await this.findByIdempotencyKey(requester, idempotencyKey);
        if (existing) return { approval: existing, created: false };
      }
      // An alert storm repeats itself: the same operations on the same targets join the pending proposal.
      if (digest !== undefined) {
        const sameId = await this.kv.get<ApprovalId>(keys.digest(digest));
        const same = sameId === undefined ? undefined : await this.get(sameId);
        if (same?.state === 'pending') return { approval: same, created: false };
      }
      const length = (await this.kv.get<number>(keys.historyLength)) ?? 0;
      const chunkNo = Math.floor(length / CHUNK_SIZE);
      const chunk = (await this.kv.get<string[]>(keys.historyChunk(chunkNo))) ?? [];
      const open = await this.openIds();
      const entries: Entry[] = [
        { key: keys.approval(approval.id), value: approval },
        { key: keys.historyChunk(chunkNo), value: [...chunk, approval.id] },
        { key: keys.historyLength, value: length + 1 },
        { key: keys.open, value: [...open, approval.id] },
      ];
      if (idempotencyKey !== undefined) {
        entries.push({ key: keys.idempotency(requester, idempotencyKey), value: approval.id });
      }
      if (digest !== undefined) entries.push({ key: keys.digest(digest), value: approval.id });
      await this.writeAll(entries);
      return { approval, created: true };
    });
  }

  compareAndSet(next: Approval, expectedVersion: number): Promise<boolean> {
    return this.lock(keys.approval(next.id), async () => {
      const current = await this.get(next.id);
      if (current?.version !== expectedVersion) return false;
      if (isOpen(current) && !isOpen(next)) {
        // Lock order is always approval, then indexes (create takes only the indexes'): no deadlock.
        await this.lock(INDEX_LOCK, async () => {
          const open = (await this.openIds()).filter((id) => id !== next.id);
          await this.writeAll([{ key: keys.approval(next.id), value: next }, { key: keys.open, value: open }]);
        });
      } else {
        await this.writeAll([{ key: keys.approval(next.id), value: next }]);
      }
      return true;
    });
  }

  async listOpen(): Promise<readonly Approval[]> {
    return this.load(await this.openIds());
  }

  async listHistory(query: HistoryQuery): Promise<HistoryPage> {
    const length = (await this.kv.get<number>(keys.historyLength)) ?? 0;
    const start = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
    let position = Math.min(start ?? length, length);
    const approvals: Approval[] = [];
    let scanned = 0;
    while (position > 0 && approvals.length < query.limit && scanned < MAX_SCAN) {
      const chunkNo = Math.floor((position - 1) / CHUNK_SIZE);
      const chunk = (await this.kv.get<string[]>(keys.historyChunk(chunkNo))) ?? [];
      const ids = chunk.slice(0, position - chunkNo * CHUNK_SIZE).reverse();
      for (const approval of await this.load(ids)) {
        position--;
        scanned++;
        if (query.state === undefined || approval.state === query.state) approvals.push(approval);
        if (approvals.length === query.limit) break;
      }
      if (ids.length === 0) break;
    }
    return position > 0 ? { approvals, nextCursor: encodeHistoryCursor(position) } : { approvals };
  }

  async ping(): Promise<void> {
    await this.kv.get(keys.historyLength);
  }

  async close(): Promise<void> {
    await this.kv.disconnect();
  }

  private async openIds(): Promise<string[]> {
    return (await this.kv.get<string[]>(keys.open)) ?? [];
  }

  private async load(ids: readonly string[]): Promise<Approval[]> {
    if (ids.length === 0) return [];
    const found = await this.kv.getMany<Approval>(ids.map((id) => keys.approval(id)));
    return found.filter((a): a is Approval => a !== undefined);
  }

  /** One `setMany`: a single transaction on SQLite, so a record never lands without its index entries. */
  private async writeAll(entries: Entry[]): Promise<void> {
    const written = await this.kv.setMany(entries);
    if (written.some((ok) => !ok)) throw new Error('the store did not accept every write of an approval');
  }
}
