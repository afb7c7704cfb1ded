import type {
  Approval,
  ApprovalId,
  ApprovalState,
  CommandResult,
  PendingApproval,
  PlannedCommand,
} from './model.ts';
import type { ServiceError } from './errors.ts';
import type { ChangeEvent } from './events.ts';
import type { ProposalInput } from './proposal-schema.ts';
import type { Result } from './result.ts';

export type HistoryQuery = {
  readonly state?: ApprovalState | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
};
export type HistoryPage = { readonly approvals: readonly Approval[]; readonly nextCursor?: string };

/**
 * What a store throws when a record fails verification (its MAC does not match): someone wrote the store
 * without kubegate's key. The service turns it into a `tampered` refusal; lists leave such records out.
 */
export class TamperedRecord extends Error {
  override readonly name = 'TamperedRecord';
  readonly id: string;
  constructor(id: string) {
    super(`approval ${id} failed verification: it was changed outside kubegate`);
    this.id = id;
  }
}

/**
 * What a store throws when its backend cannot answer now (Redis down, restarting, or too slow): surfaces answer 503
 * with the reason at once rather than wait. The outcome of a write that failed this way is unknown; re-read to learn it.
 */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
}

/** Where approvals live. Every change goes through compareAndSet, so concurrent deciders converge. */
export interface ApprovalStore {
  /**
   * Stores a new approval, unless one with the same requester and idempotency key exists, or a pending one with the
   * same operations digest (an alert storm repeating itself): then returns that one, `created: false`.
   */
  create(approval: PendingApproval): Promise<{ approval: Approval; created: boolean }>;
  get(id: ApprovalId): Promise<Approval | undefined>;
  findByIdempotencyKey(requester: string, key: string): Promise<Approval | undefined>;
  /** Writes `next` only if the stored version is still `expectedVersion`; false means someone else moved first. */
  compareAndSet(next: Approval, expectedVersion: number): Promise<boolean>;
  /** Approvals that can still change (pending, approved, executing), oldest first, without scanning history. */
  listOpen(): Promise<readonly Approval[]>;
  /** All approvals, newest first, paginated by an opaque cursor. */
  listHistory(query: HistoryQuery): Promise<HistoryPage>;
  /** Resolves when the store answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type ExecutingApproval = Extract<Approval, { state: 'executing' }>;

/** Runs an approved proposal's commands, in order; it never throws for a command failing, it reports it. */
export interface Executor {
  execute(approval: ExecutingApproval, signal: AbortSignal): Promise<readonly CommandResult[]>;
}

export type Plan = { readonly commands: readonly PlannedCommand[]; readonly digest?: string };

/** Turns proposed commands into assessed ones (risk, preview, digest), refusing what kubegate will not run. */
export interface Planner {
  plan(input: ProposalInput): Promise<Result<Plan, ServiceError>>;
}

export type Clock = () => Date;

/** A read's text and objects, with secret material redacted; `redacted` says what was (empty: nothing). */
export type ReadOutput = {
  readonly output: string;
  readonly data: unknown;
  readonly redacted?: readonly string[];
};

/** Runs a read-only kubectl command at once; anything that changes the cluster must be proposed instead. */
export interface CommandReader {
  runIfRead(command: string, namespace: string): Promise<Result<ReadOutput | 'mutating', ServiceError>>;
}

/** A held execution lease: its owner's fencing token, and a signal that fires if the lease was lost to expiry. */
export type Lease = {
  /** The approval version the lease was taken at; the run's writes are compare-and-sets from it, never later ones. */
  readonly token: number;
  /** Aborts when a renewal finds the lease gone or another owner's (the holder stalled past its time-to-live). */
  readonly lost: AbortSignal;
  /** Gives the lease up, only if this holder still owns it. */
  release(): Promise<void>;
};

/**
 * Proof that an execution is alive somewhere. The replica running an approval holds its lease and renews it;
 * recovery interrupts only approvals whose lease nobody holds (their replica died), never a live run elsewhere.
 * A lease is a liveness hint, not what makes a write safe: that is the compare-and-set on the record's version.
 */
export interface ExecutionLeases {
  /** Takes the lease and keeps renewing it (checking the owner) until released; undefined when another owner holds it. */
  hold(id: string, token: number): Promise<Lease | undefined>;
  isHeld(id: string): Promise<boolean>;
}

/** A committed change as replicas tell each other: which record moved to which version, and why. */
export type ChangeNotice = {
  readonly id: ApprovalId;
  readonly version: number;
  readonly event: ChangeEvent;
};

/**
 * How replicas hear each other's changes (Redis pub/sub). A notice is only a hint: the receiver re-reads (and
 * verifies) the record from the store, and never trusts the notice's content for the record itself.
 */
export interface ChangeFeed {
  /** Tells the other replicas; best effort (a lost notice costs a waiter its early wake-up, never correctness). */
  publish(notice: ChangeNotice): void;
  /** Hears the other replicas' notices (never this replica's own). */
  subscribe(listener: (notice: ChangeNotice) => void): () => void;
}
