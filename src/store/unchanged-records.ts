import type { Approval } from '../approvals/model.ts';

/**
 * Parses the open set's stored JSON, handing back the very object parsed last time when a record's text is
 * byte-for-byte unchanged. The open set is read whole by every pending list (tens a second in an alert storm) while
 * most records in it stay the same between reads, so parsing, verifying their MAC (sealed-store.ts caches by object)
 * and serialising them for the wire (wire/approval-json.ts) are each done once per version rather than once per
 * list. Keyed by the text itself, so a record changed in the store in any way, by kubegate or by someone else, is
 * parsed and verified afresh. Holds only what the last read returned: its size follows the open set.
 */
export class UnchangedRecords {
  private lastRead = new Map<string, Approval>();

  parseAll(texts: readonly string[]): Approval[] {
    const thisRead = new Map<string, Approval>();
    const records = texts.map((text) => {
      const record = this.lastRead.get(text) ?? (JSON.parse(text) as Approval);
      thisRead.set(text, record);
      return record;
    });
    this.lastRead = thisRead;
    return records;
  }
}
