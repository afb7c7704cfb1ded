import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { canonicalJson, withCanonicalKeys } from '../approvals/canonical-json.ts';
import type { Approval, ApprovalId, PendingApproval } from '../approvals/model.ts';
import {
  TamperedRecord,
  type ApprovalStore,
  type HistoryPage,
  type HistoryQuery,
} from '../approvals/ports.ts';

const PREFIX = 'hmac-sha256:';

type Sealed<T> = T & { readonly mac: string };

/** Called once per record that fails verification (for the error log and the metric). */
export type TamperListener = (id: string) => void;

/**
 * Makes stored approvals tamper-evident. Every record is written with an HMAC-SHA256 over its JSON
 * (the whole record but the MAC: proposal, commands and their canonical forms, risk, expected target state,
 * decisions, results) under a key that never lives in the store. A record read back without a valid MAC was
 * written by someone who could reach the store but not the key (an unauthenticated Redis): it is refused
 * (TamperedRecord), never decided or executed, and left out of lists. Wraps any ApprovalStore, so memory,
 * SQLite and Redis are all covered and the store contract still holds.
 */
export function sealApprovals(
  inner: ApprovalStore,
  key: Buffer,
  onTampered: TamperListener = () => undefined,
): ApprovalStore {
  // One KeyObject for every MAC: createHmac with a raw Buffer re-imports the key on each call (measured under load).
  const secret = createSecretKey(key);
  const hmac = (text: string): string =>
    `${PREFIX}${createHmac('sha256', secret).update(text).digest('hex')}`;
  // The MAC is over the record's canonical JSON, and the record is WRITTEN with its keys in that canonical order.
  // The stores keep the text verbatim and JSON.parse keeps key order, so a record read back usually serialises to
  // the canonical text already: verifying costs one JSON.stringify instead of a key-sorting walk (pending lists
  // verify every open record; measured ~15× cheaper). Only when that text differs (keys reordered on the way, or
  // integer-like keys, which JavaScript always puts first) is the canonical form computed before refusing.
  const mac = (record: Approval): string => hmac(canonicalJson(record));
  const seal = <T extends Approval>(record: T): Sealed<T> => ({
    ...withCanonicalKeys(record),
    mac: mac(record),
  });

  /** The record without its MAC, or undefined when the MAC is missing or wrong (or the record claims another id). */
  function open(stored: Approval, expectedId?: string): Approval | undefined {
    const { mac: given, ...record } = stored as Sealed<Approval>;
    if (typeof given !== 'string' || (expectedId !== undefined && record.id !== expectedId)) return undefined;
    const matches = (want: string): boolean => {
      const [a, b] = [Buffer.from(want), Buffer.from(given)];
      return a.length === b.length && timingSafeEqual(a, b);
    };
    return matches(hmac(JSON.stringify(record))) || matches(mac(record)) ? record : undefined;
  }
  function verify(stored: Approval, expectedId?: string): Approval {
    const record = open(stored, expectedId);
    if (record) return record;
    const id = expectedId ?? String(stored.id);
    onTampered(id);
    throw new TamperedRecord(id);
  }
  function verifyMaybe(stored: Approval | undefined, expectedId?: string): Approval | undefined {
    return stored === undefined ? undefined : verify(stored, expectedId);
  }
  // The stores hand back the same object for a record whose stored text has not changed (unchanged-records.ts):
  // its MAC was checked then, and the same text checks the same way, so the verified record is reused.
  const verifiedBefore = new WeakMap<Approval, Approval>();
  /** Lists leave a failing record out (and report it) rather than refusing the whole list. */
  function verifyAll(stored: readonly Approval[]): Approval[] {
    return stored.flatMap((a) => {
      const record = verifiedBefore.get(a) ?? open(a);
      if (record) {
        // Shared with every later reader of the unchanged record: frozen like its contents (unchanged-records.ts).
        verifiedBefore.set(a, Object.isFrozen(a) ? Object.freeze(record) : record);
        return [record];
      }
      onTampered(String(a.id));
      return [];
    });
  }

  return {
    async create(approval: PendingApproval) {
      const result = await inner.create(seal(approval));
      return { approval: verify(result.approval), created: result.created };
    },
    async get(id: ApprovalId) {
      return verifyMaybe(await inner.get(id), id);
    },
    async findByIdempotencyKey(requester: string, idempotencyKey: string) {
      return verifyMaybe(await inner.findByIdempotencyKey(requester, idempotencyKey));
    },
    compareAndSet: (next: Approval, expectedVersion: number) =>
      inner.compareAndSet(seal(next), expectedVersion),
    async listOpen() {
      return verifyAll(await inner.listOpen());
    },
    async listHistory(query: HistoryQuery): Promise<HistoryPage> {
      const page = await inner.listHistory(query);
      return { ...page, approvals: verifyAll(page.approvals) };
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
