import type { Approval, Decision, Surface } from './model.ts';
import { displayPerson, personOfDecision } from './policy.ts';

export const AUDIT_EVENTS = [
  'proposed',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'executed',
  'interrupted',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** Who acts for kubegate itself: expiry, execution and recovery (as the transition log names it). */
export const SYSTEM_ACTOR = 'kubegate';

/** One event of the decision trail, derived from an approval: who did what to it, when, through which surface. */
export type AuditRecord = {
  readonly at: string;
  readonly approvalId: string;
  readonly action: string;
  readonly event: AuditEvent;
  /** The identity used; null where the approval does not record it (approvals stored before it was recorded). */
  readonly by: string | null;
  /** The person that identity belongs to in the policy (one person, one vote); null where not recorded. */
  readonly person: string | null;
  /** null where the approval does not record the surface. */
  readonly via: Surface | null;
  readonly reason?: string;
  readonly result?: 'succeeded' | 'failed';
  readonly commands: readonly string[];
};

/**
 * The trail of one approval, oldest first: its proposal, every decision, then how it ended. Derived, never
 * stored, so it cannot disagree with the approval. Approvals store neither the surface a proposal came through nor
 * who cancelled it: those records carry null.
 */
export function auditRecordsOf(a: Approval): AuditRecord[] {
  const base = {
    approvalId: a.id,
    action: a.proposal.action,
    commands: a.proposal.commands.map((c) => c.command),
  };
  const record = (
    at: string,
    event: AuditEvent,
    by: string | null,
    via: Surface | null,
    extra: Extra = {},
  ): AuditRecord => ({
    at,
    event,
    by,
    person: by === SYSTEM_ACTOR ? null : by,
    via,
    ...base,
    ...extra,
  });
  const records = [
    record(a.createdAt, 'proposed', a.proposal.requester, a.createdVia ?? null),
    ...a.decisions.map((d) => decisionRecord(d, record)),
  ];
  switch (a.state) {
    case 'pending':
    case 'approved':
    case 'executing':
    case 'rejected': // the reject decision above is the record
      return records;
    case 'succeeded':
    case 'failed':
      return [...records, record(a.finishedAt, 'executed', SYSTEM_ACTOR, 'system', { result: a.state })];
    case 'cancelled':
      return [
        ...records,
        a.endedBy
          ? {
              ...record(a.endedAt, 'cancelled', a.endedBy.by, a.endedBy.via, reasonOf(a.reason)),
              person: displayPerson(a.endedBy.person),
            }
          : record(a.endedAt, 'cancelled', null, null, reasonOf(a.reason)),
      ];
    case 'expired':
    case 'interrupted':
      return [...records, record(a.endedAt, a.state, SYSTEM_ACTOR, 'system', reasonOf(a.reason))];
  }
}

type Extra = { readonly reason?: string; readonly result?: 'succeeded' | 'failed' };
type MakeRecord = (
  at: string,
  event: AuditEvent,
  by: string | null,
  via: Surface | null,
  extra?: Extra,
) => AuditRecord;

function decisionRecord(d: Decision, record: MakeRecord): AuditRecord {
  const made = record(
    d.at,
    d.decision === 'approve' ? 'approved' : 'rejected',
    d.by,
    d.via,
    reasonOf(d.reason),
  );
  return { ...made, person: displayPerson(personOfDecision(d)) };
}

const reasonOf = (reason: string | undefined): Extra => (reason === undefined ? {} : { reason });

/** Orders records by time; ties keep the order of their approval's trail (a proposal precedes its decisions). */
export function compareAuditRecords(x: AuditRecord, y: AuditRecord): number {
  return Date.parse(x.at) - Date.parse(y.at);
}
