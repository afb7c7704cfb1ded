import type {
  Approval,
  ApprovalId,
  ApprovalState,
  CommandResult,
  PendingApproval,
  PlannedCommand,
} from './model.ts';
import type { ServiceError } from './errors.ts';
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
export type ReadOutput = { readonly output: string; readonly data: unknown; readonly redacted?: readonly string[] };

/** Runs a read-only kubectl command at once; anything that changes the cluster must be proposed instead. */
export interface CommandReader {
  runIfRead(command: string, namespace: string): Promise<Result<ReadOutput | 'mutating', ServiceError>>;
}

/**
 * Proof that an execution is alive somewhere. The replica running an approval holds its lease and renews it;
 * recovery interrupts only approvals whose lease nobody holds (their replica died), never a live run elsewhere.
 */
export interface ExecutionLeases {
  /** Takes and keeps renewing the lease until the returned release is called. */
  hold(id: string): Promise<() => Promise<void>>;
  isHeld(id: string): Promise<boolean>;
}
