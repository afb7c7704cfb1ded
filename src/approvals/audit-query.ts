import { auditRecordsOf, compareAuditRecords, type AuditRecord } from './audit.ts';
import type { Approval } from './model.ts';
import type { HistoryPage, HistoryQuery } from './ports.ts';

export type AuditQuery = {
  /** Only records after this instant (RFC 3339, exclusive); absent: from the beginning. */
  readonly since?: string | undefined;
  readonly limit: number;
};

export type AuditPage = {
  /** Oldest first. */
  readonly records: readonly AuditRecord[];
  /** Pass as `since` for the next page; null when this page reached the end. */
  readonly nextSince: string | null;
};

type AuditSource = {
  /** All approvals, newest first, paginated (the store's history). */
  readonly listHistory: (query: HistoryQuery) => Promise<HistoryPage>;
  /** How long a proposal stays decidable (APPROVAL_TTL): bounds how far back a record's approval can lie. */
  readonly ttlMs: number;
};

// Executions start right after approval; an hour covers the slowest run we allow plus retries.
const EXECUTION_SLACK_MS = 60 * 60 * 1000;
const SCAN_PAGE = 200;

/** One page of the decision trail, derived from the approvals: there is no audit storage of its own. */
export async function queryAudit(source: AuditSource, query: AuditQuery): Promise<AuditPage> {
  const sinceMs = query.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.since);
  const records = await recordsAfter(source, sinceMs, sinceMs - source.ttlMs - EXECUTION_SLACK_MS);
  return pageOf(records, query.limit);
}

/** Every record after `sinceMs`, oldest first, scanning history (newest first) back to approvals created at `oldestMs`. */
async function recordsAfter(source: AuditSource, sinceMs: number, oldestMs: number): Promise<AuditRecord[]> {
  const approvals: Approval[] = [];
  let cursor: string | undefined;
  scan: do {
    const page = await source.listHistory({ limit: SCAN_PAGE, cursor });
    for (const approval of page.approvals) {
      if (Date.parse(approval.createdAt) < oldestMs) break scan;
      approvals.push(approval);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  // Oldest approval first, so records with equal timestamps come in the same order on every request.
  return approvals
    .reverse()
    .flatMap(auditRecordsOf)
    .filter((r) => Date.parse(r.at) > sinceMs)
    .sort(compareAuditRecords);
}

/**
 * Cuts to `limit`. `since` is exclusive, so a page never ends between two records sharing a timestamp (the next
 * page would skip the second): the page stops before that timestamp, or, when all of it is one timestamp, takes it whole.
 */
function pageOf(records: readonly AuditRecord[], limit: number): AuditPage {
  if (records.length <= limit) return { records, nextSince: null };
  const boundary = Date.parse(records[limit]?.at ?? '');
  let end = limit;
  while (end > 0 && Date.parse(records[end - 1]?.at ?? '') === boundary) end--;
  if (end === 0) {
    end = limit;
    while (end < records.length && Date.parse(records[end]?.at ?? '') === boundary) end++;
  }
  const page = records.slice(0, end);
  return { records: page, nextSince: end < records.length ? (page.at(-1)?.at ?? null) : null };
}
