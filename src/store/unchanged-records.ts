import type { Approval } from '../approvals/model.ts';

/**
 * Parses stored approval JSON, handing back the very object parsed before when a record's text is byte-for-byte
 * unchanged. The open set is read whole by every pending list (tens a second in an alert storm), and history pages
 * are read again and again, while most records in them stay the same between reads; so parsing, verifying their
 * MAC (sealed-store.ts caches by object) and serialising them for the wire (wire/approval-json.ts) are each done
 * once per version rather than once per read. Keyed by the text itself, so a record changed in the store in any
 * way, by kubegate or by someone else, is parsed and verified afresh.
 */
/**
 * The same object is handed to every reader while its text is unchanged, and the caches built on it (the verified
 * record, the quorum, the wire JSON) assume nobody changes it: frozen, a write by mistake throws rather than
 * silently showing the next reader something the store does not hold.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** History pages are read again and again (the web page, agents, curl): a few dozen pages' worth are kept. */
export const HISTORY_RECORDS_KEPT = 500;

export class UnchangedRecords {
  private kept = new Map<string, Approval>();

  private readonly capacity: number | undefined;

  /**
   * @param capacity how many records to keep, the most recently read first; without it, exactly those of the last
   * read (the whole open set: its size follows the open set, and nothing closed is kept).
   */
  constructor(capacity?: number) {
    this.capacity = capacity;
  }

  parse(texts: readonly string[]): Approval[] {
    const thisRead = this.capacity === undefined ? new Map<string, Approval>() : this.kept;
    const records = texts.map((text) => {
      const record = this.kept.get(text) ?? deepFreeze(JSON.parse(text) as Approval);
      thisRead.delete(text); // re-inserted last: the Map's order is the recency order
      thisRead.set(text, record);
      return record;
    });
    if (this.capacity === undefined) this.kept = thisRead;
    else
      for (const oldest of this.kept.keys()) {
        if (this.kept.size <= this.capacity) break;
        this.kept.delete(oldest);
      }
    return records;
  }
}
