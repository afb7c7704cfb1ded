import type { Approval, ApprovalId, PendingApproval } from '../approvals/model.ts';
import { isOpen } from '../approvals/model.ts';
import type { ApprovalStore, HistoryPage, HistoryQuery } from '../approvals/ports.ts';
import { decodeHistoryCursor, encodeHistoryCursor } from '../approvals/cursor.ts';
import { unavailableWhenFailing, type RedisConnection } from './redis-kv.ts';
import { HISTORY_RECORDS_KEPT, UnchangedRecords } from './unchanged-records.ts';

// Each approval is a hash (version, state, record JSON), so the compare-and-set reads two small fields instead of
// decoding the record. `seq` orders history; the open set, history and one set per state are sorted sets on it.
// Every write is one Lua script: Redis runs it atomically, so correctness never rests on a lock or its TTL.

const CREATE = `
if ARGV[4] == '1' then
  local existing = redis.call('GET', KEYS[6])
  if existing then
    local record = redis.call('HGET', ARGV[6] .. existing, 'record')
    if record then return {0, record} end
  end
end
if ARGV[5] == '1' then
  local same = redis.call('GET', KEYS[7])
  if same and redis.call('ZSCORE', KEYS[5], same) then
    local record = redis.call('HGET', ARGV[6] .. same, 'record')
    if record then return {0, record} end
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('HGET', KEYS[1], 'record')} end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'version', ARGV[3], 'state', 'pending', 'record', ARGV[2])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
redis.call('ZADD', KEYS[5], seq, ARGV[1])
if ARGV[4] == '1' then redis.call('SET', KEYS[6], ARGV[1]) end
if ARGV[5] == '1' then redis.call('SET', KEYS[7], ARGV[1]) end
return {1}
`;

const COMPARE_AND_SET = `
local current = redis.call('HMGET', KEYS[1], 'version', 'state')
if not current[1] or tonumber(current[1]) ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[3], 'state', ARGV[4], 'record', ARGV[6])
if current[2] ~= ARGV[4] then
  local seq = redis.call('ZSCORE', KEYS[3], ARGV[1])
  redis.call('ZREM', ARGV[7] .. current[2], ARGV[1])
  if seq then redis.call('ZADD', ARGV[7] .. ARGV[4], seq, ARGV[1]) end
  if ARGV[5] == '0' then redis.call('ZREM', KEYS[2], ARGV[1]) end
  if current[2] == 'pending' and ARGV[8] ~= '' and redis.call('GET', ARGV[8]) == ARGV[1] then redis.call('DEL', ARGV[8]) end
end
return 1
`;

// A record of the keyv-based store of kubegate ≤ 0.1, copied as it is (MAC included) with its index entries. An id
// already present is left alone, before the sequence moves: replicas starting together may both import.
const IMPORT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3], 'record', ARGV[4])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
redis.call('ZADD', ARGV[5] .. ARGV[3], seq, ARGV[1])
if ARGV[6] == '1' then redis.call('ZADD', KEYS[3], seq, ARGV[1]) end
if ARGV[7] ~= '' then redis.call('SET', ARGV[7], ARGV[1], 'NX') end
if ARGV[8] ~= '' then redis.call('SET', ARGV[8], ARGV[1], 'NX') end
return 1
`;

const LIST_OPEN = `
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local record = redis.call('HGET', ARGV[1] .. id, 'record')
  if record then out[#out + 1] = record end
end
return out
`;

// Returns record, seq, record, seq… newest first, below the cursor's seq.
const PAGE = `
local entries = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'WITHSCORES', 'LIMIT', 0, ARGV[2])
local out = {}
for i = 1, #entries, 2 do
  out[#out + 1] = redis.call('HGET', ARGV[3] .. entries[i], 'record') or ''
  out[#out + 1] = entries[i + 1]
end
return out
`;

/** Approvals on Redis with indexes as sorted sets and a compare-and-set inside Redis (see the scripts above). */
export class RedisApprovalStore implements ApprovalStore {
  private readonly redis: RedisConnection;
  private readonly keys;
  private readonly openRecords = new UnchangedRecords();
  private readonly historyRecords = new UnchangedRecords(HISTORY_RECORDS_KEPT);

  constructor(redis: RedisConnection, prefix: string) {
    this.redis = redis;
    const p = `${prefix}:approvals`;
    this.keys = {
      recordPrefix: `${p}:record:`,
      record: (id: string) => `${p}:record:${id}`,
      seq: `${p}:seq`,
      open: `${p}:open`,
      history: `${p}:history`,
      statePrefix: `${p}:state:`,
      // The requester's length first, so `a:b` + `c` and `a` + `b:c` never share a key.
      idempotency: (requester: string, key: string) =>
        `${p}:idempotency:${requester.length}:${requester}:${key}`,
      digest: (digest: string) => `${p}:pending-digest:${digest}`,
    };
  }

  async get(id: ApprovalId): Promise<Approval | undefined> {
    const record = await this.call(() => this.redis.hGet(this.keys.record(id), 'record'));
    return record == null ? undefined : (JSON.parse(record) as Approval);
  }

  async findByIdempotencyKey(requester: string, key: string): Promise<Approval | undefined> {
    const id = await this.call(() => this.redis.get(this.keys.idempotency(requester, key)));
    return id == null ? undefined : this.get(id as ApprovalId);
  }

  async create(approval: PendingApproval): Promise<{ approval: Approval; created: boolean }> {
    const { requester, idempotencyKey, digest } = approval.proposal;
    const k = this.keys;
    const reply = (await this.call(() =>
      this.redis.eval(CREATE, {
        keys: [
          k.record(approval.id),
          k.seq,
          k.open,
          k.history,
          `${k.statePrefix}pending`,
          k.idempotency(requester, idempotencyKey ?? ''),
          k.digest(digest ?? ''),
        ],
        arguments: [
          approval.id,
          JSON.stringify(approval),
          String(approval.version),
          idempotencyKey === undefined ? '0' : '1',
          digest === undefined ? '0' : '1',
          k.recordPrefix,
        ],
      }),
    )) as [number, string?];
    if (reply[0] === 1) return { approval, created: true };
    return { approval: JSON.parse(reply[1] ?? 'null') as Approval, created: false };
  }

  /** Adds a record of the old keyv-based store with its index entries (redis-migration.ts); false if present. */
  async importRecord(approval: Approval): Promise<boolean> {
    const k = this.keys;
    const { requester, idempotencyKey, digest } = approval.proposal;
    const reply = await this.call(() =>
      this.redis.eval(IMPORT, {
        keys: [k.record(approval.id), k.seq, k.open, k.history],
        arguments: [
          approval.id,
          String(approval.version),
          approval.state,
          JSON.stringify(approval),
          k.statePrefix,
          isOpen(approval) ? '1' : '0',
          idempotencyKey === undefined ? '' : k.idempotency(requester, idempotencyKey),
          approval.state === 'pending' && digest !== undefined ? k.digest(digest) : '',
        ],
      }),
    );
    return reply === 1;
  }

  /** Whether any approval has been written in this format (the migration runs only into an empty store). */
  async isEmpty(): Promise<boolean> {
    return (await this.call(() => this.redis.exists(this.keys.seq))) === 0;
  }

  async compareAndSet(next: Approval, expectedVersion: number): Promise<boolean> {
    const k = this.keys;
    const digest = next.proposal.digest;
    const reply = await this.call(() =>
      this.redis.eval(COMPARE_AND_SET, {
        keys: [k.record(next.id), k.open, k.history],
        arguments: [
          next.id,
          String(expectedVersion),
          String(next.version),
          next.state,
          isOpen(next) ? '1' : '0',
          JSON.stringify(next),
          k.statePrefix,
          digest === undefined ? '' : k.digest(digest),
        ],
      }),
    );
    return reply === 1;
  }

  async listOpen(): Promise<readonly Approval[]> {
    const records = (await this.call(() =>
      this.redis.eval(LIST_OPEN, { keys: [this.keys.open], arguments: [this.keys.recordPrefix] }),
    )) as string[];
    return this.openRecords.parse(records);
  }

  async listHistory(query: HistoryQuery): Promise<HistoryPage> {
    const before = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
    const set = query.state === undefined ? this.keys.history : `${this.keys.statePrefix}${query.state}`;
    const flat = (await this.call(() =>
      this.redis.eval(PAGE, {
        keys: [set],
        arguments: [
          before === undefined ? '+inf' : `(${before}`,
          String(query.limit + 1),
          this.keys.recordPrefix,
        ],
      }),
    )) as string[];
    const rows: { record: string; seq: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) rows.push({ record: flat[i] ?? '', seq: Number(flat[i + 1]) });
    const shown = rows.slice(0, query.limit);
    const approvals = this.historyRecords.parse(shown.filter((r) => r.record !== '').map((r) => r.record));
    const last = shown.at(-1);
    return rows.length > query.limit && last
      ? { approvals, nextCursor: encodeHistoryCursor(last.seq) }
      : { approvals };
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.redis.isOpen) await this.redis.close();
  }

  private call<T>(command: () => Promise<T>): Promise<T> {
    return unavailableWhenFailing(command);
  }
}
