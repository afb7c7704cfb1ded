import type { Actor, Approval, PlannedCommand, Surface } from './model.ts';
import type { ChangeEvent } from './events.ts';
import type { ServiceError } from './errors.ts';
import type { AuditPage, AuditQuery } from './audit-query.ts';
import type { Policy, Requirements } from './policy.ts';
import type { HistoryQuery, ReadOutput } from './ports.ts';
import type { ProposalInput } from './proposal-schema.ts';
import type { ApprovalWithQuorum } from './quorum.ts';
import type { Result } from './result.ts';

export type { ApprovalWithQuorum, Quorum, QuorumApprover } from './quorum.ts';

/** What listeners (Slack, metrics, audit log) hear: every stored change, with the state it came from. */
export type ApprovalChange = {
  readonly approval: ApprovalWithQuorum;
  readonly previous: Approval | undefined;
  /** `repeat`: a repeat of a pending proposal joined it and raised a command's risk. */
  readonly event: ChangeEvent;
  /**
   * Another replica committed it: the approval was re-read (and verified) from the store; `previous` is unknown. The
   * replica that committed a change renders it (Slack) and counts it (metrics, transition log); every replica's
   * waiters and live streams hear it.
   */
  readonly remote?: true;
};
export type ChangeListener = (change: ApprovalChange) => void;

export type SubscribeOptions = {
  /**
   * false: only the changes this replica committed. The replica that commits a change logs, counts and renders it
   * in Slack; the others need not even read it.
   */
  readonly remote?: boolean;
};

export type WaitOptions = {
  readonly until: (a: Approval) => boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onChange?: ((a: ApprovalWithQuorum) => void) | undefined;
  /** Called once when the wait really begins: listening is on and the approval, as read, is not yet there. */
  readonly onWaiting?: ((a: Approval) => void) | undefined;
};

/** An approval, or why not; an id that names no approval (malformed ones included) is `not_found`. */
export type Outcome = Result<ApprovalWithQuorum, ServiceError>;

export type Proposed = { readonly approval: ApprovalWithQuorum; readonly created: boolean };

export type KubectlOutcome =
  { readonly kind: 'read'; readonly read: ReadOutput } | ({ readonly kind: 'proposal' } & Proposed);

export type HistoryView = { readonly approvals: readonly ApprovalWithQuorum[]; readonly nextCursor?: string };

/**
 * The approval core as the surfaces (REST, MCP, Slack, the web page's API) use it. Ids are plain strings: the core
 * parses them and answers `not_found` itself. Expected refusals are values; only faults throw.
 */
export interface ApprovalService {
  /** Creates a proposal, or returns the one it repeats (same idempotency key, or same operations while pending). */
  propose(input: ProposalInput, requester: Actor, via: Surface): Promise<Result<Proposed, ServiceError>>;
  /** `execute_kubectl` semantics: a read runs at once; anything that changes the cluster becomes a proposal. */
  executeKubectl(
    command: string,
    namespace: string,
    requester: Actor,
    via: Surface,
  ): Promise<Result<KubectlOutcome, ServiceError>>;
  /** Which rules, quorum, approvers and ttl a proposal would get, without proposing anything. */
  explain(
    input: ProposalInput,
  ): Promise<Result<{ commands: readonly PlannedCommand[]; requirements: Requirements }, ServiceError>>;

  approve(id: string, by: Actor, via: Surface, comment?: string): Promise<Outcome>;
  reject(id: string, by: Actor, via: Surface, reason: string): Promise<Outcome>;
  cancel(id: string, by: Actor, via: Surface, reason?: string): Promise<Outcome>;
  /**
   * Whether `actor` could take this decision now, without taking it: exactly what a real decision would get (Slack
   * opens the reject form only for someone who may reject, rather than after they typed a reason).
   */
  checkDecision(id: string, actor: Actor, decision: 'approve' | 'reject'): Promise<Outcome>;

  get(id: string): Promise<Outcome>;
  /** Pending proposals, oldest first. */
  listPending(): Promise<readonly ApprovalWithQuorum[]>;
  /** Pending, approved and executing approvals, oldest first. */
  listOpen(): Promise<readonly ApprovalWithQuorum[]>;
  /** All approvals, newest first, paginated by an opaque cursor. */
  listHistory(query: HistoryQuery): Promise<HistoryView>;
  /**
   * The pending proposals `actor` may approve now, how many others wait (theirs, or beyond their rights), and the
   * person the policy counts `actor` as (`person:NAME`, or their identity).
   */
  listDecidable(actor: Actor): Promise<{
    readonly decidable: readonly ApprovalWithQuorum[];
    readonly others: number;
    readonly person: string;
  }>;
  /** One page of the decision trail (GET /api/audit). */
  audit(query: AuditQuery): Promise<AuditPage>;

  /**
   * Resolves with the approval once `until` holds, the time is up or `signal` aborts (whichever comes first),
   * telling `onChange` about every change meanwhile. Driven by change events, never by polling.
   */
  waitFor(id: string, options: WaitOptions): Promise<Outcome>;
  /** Hears every change (this replica's and, on Redis, the others' unless `remote: false`); returns the unsubscribe. */
  subscribe(listener: ChangeListener, options?: SubscribeOptions): () => void;

  /** The policy in force now: GET /api/policy shows it; Slack learns from it which identities need look-ups. */
  policy(): Policy;
}

/**
 * What only the composition root drives: recovery after a crash, the expiry sweep, and shutdown. Surfaces get an
 * `ApprovalService`, which has none of these.
 */
export interface ApprovalRuntime {
  /** Moves every overdue pending proposal to `expired`; returns how many it moved. */
  sweepExpired(): Promise<number>;
  /**
   * A run that was approved or under way when its process died is marked interrupted, never re-run. A run is
   * stranded when nobody holds its lease and it is older than `minAgeMs` (other replicas may have just approved it).
   */
  recoverInterrupted(minAgeMs?: number): Promise<number>;
  /** Executions running in this process now. */
  readonly executionsInFlight: number;
  /**
   * Stops hearing other replicas, lets running executions finish for up to `graceMs`, then aborts them and waits a
   * little longer for the executor to report; a run still going after that stays `executing` and is marked
   * interrupted on restart.
   */
  drain(graceMs: number, abortWaitMs?: number): Promise<void>;
}
