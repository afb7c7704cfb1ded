import * as z from 'zod';
import type { PolicyRule } from './policy.ts';

/** The agent's own judgement of a command; kubegate never lets it lower the risk it computes itself. */
export const SAFETY_LEVELS = ['SAFE', 'CAUTION', 'DANGEROUS'] as const;
export type SafetyLevel = (typeof SAFETY_LEVELS)[number];

/** kubegate's risk classes, ordered from least to most dangerous. */
export const RISKS = ['read', 'change', 'dangerous'] as const;
export type Risk = (typeof RISKS)[number];

export const APPROVAL_STATES = [
  'pending',
  'approved',
  'executing',
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'interrupted',
] as const;

/** The surfaces a decision can arrive through; `system` is kubegate itself (sweeper, recovery). */
export type Surface = 'rest' | 'mcp' | 'slack' | 'system';

/**
 * Who acts: the identity they authenticated as (`api:alice`, `slack:U0123`), other identities proven for them
 * (`email:alice@example.com` from their Slack profile), and the Slack groups they belong to.
 */
export type Actor = {
  readonly principal: string;
  readonly aliases?: readonly string[];
  readonly groups?: readonly string[];
};

export const ApprovalIdSchema = z
  .string()
  .regex(/^apr_[0-9a-z]{20,40}$/, 'an approval id looks like apr_ followed by lowercase letters and digits')
  .brand<'ApprovalId'>();
export type ApprovalId = z.infer<typeof ApprovalIdSchema>;

/** A command as the agent proposed it, with kubegate's own assessment attached. */
export type PlannedCommand = {
  readonly command: string;
  readonly explanation: string;
  readonly safetyLevel: SafetyLevel;
  readonly risk: Risk;
  readonly riskReasons: readonly string[];
  /** The kubectl verb and resource kind, as the planner parsed them; policy rules match on them. */
  readonly verb?: string;
  readonly kind?: string;
  /**
   * The parsed operation in kubegate's one canonical kubectl spelling (effective namespace included): what every
   * human-facing surface shows, and what execution re-derives and compares before it runs anything.
   */
  readonly canonical?: string;
  /** The namespace the command really runs in (null: cluster-scoped or all namespaces), whatever the metadata says. */
  readonly namespace?: string | null;
  /** A read (get, describe, logs…): its output may hold secrets, so it is never posted to Slack. */
  readonly readOnly?: boolean;
  /** One line telling approvers what the command will do to the live cluster, when that could be checked. */
  readonly preview?: string;
  /** What the target looked like when proposed (uid, replica count…); execution refuses if it changed. */
  readonly expect?: Readonly<Record<string, string | number>>;
};

export type ProposalMetadata = {
  readonly severity?: string | undefined;
  readonly service?: string | undefined;
  readonly namespace?: string | undefined;
  readonly [key: string]: unknown;
};

/** What was proposed: immutable once the approval exists. */
export type Proposal = {
  readonly action: string;
  readonly commands: readonly PlannedCommand[];
  readonly metadata: ProposalMetadata;
  readonly requester: string;
  readonly idempotencyKey?: string;
  /** A digest of the parsed operations; execution refuses operations whose digest differs. */
  readonly digest?: string;
  /** When a repeat of this proposal last raised a command's risk (the rating only ever goes up). */
  readonly riskRaisedAt?: string;
};

export type Decision = {
  readonly decision: 'approve' | 'reject';
  /** The identity the decider used. */
  readonly by: string;
  /** The person that identity belongs to (`person:alice`, or the identity itself): one person, one vote. */
  readonly person?: string;
  readonly via: Surface;
  readonly at: string;
  readonly reason?: string;
};

export type CommandStatus = 'succeeded' | 'failed' | 'skipped';

export type CommandResult = {
  readonly command: string;
  readonly status: CommandStatus;
  readonly output?: string;
  readonly error?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
};

type Base = {
  readonly id: ApprovalId;
  /** Bumped on every stored change; the store's compare-and-set keys on it. */
  readonly version: number;
  readonly proposal: Proposal;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly decisions: readonly Decision[];
  /** The surface the proposal came through. */
  readonly createdVia?: Surface;
  /** The policy rules in force when it was proposed: it is judged by them, whatever a reload changes later. */
  readonly rules?: readonly PolicyRule[];
};

/** Who ended an approval by hand (a cancellation): identity, person and surface, as on a decision. */
export type EndedBy = { readonly by: string; readonly person: string; readonly via: Surface };

/** An approval: one variant per pinned state, each carrying only the fields that state has. */
export type Approval =
  | (Base & { readonly state: 'pending' })
  | (Base & { readonly state: 'approved'; readonly approvedAt: string })
  | (Base & { readonly state: 'executing'; readonly approvedAt: string; readonly startedAt: string })
  | (Base & {
      readonly state: 'succeeded' | 'failed';
      readonly approvedAt: string;
      readonly startedAt: string;
      readonly finishedAt: string;
      readonly results: readonly CommandResult[];
    })
  | (Base & { readonly state: 'rejected'; readonly rejectedAt: string; readonly reason: string })
  | (Base & {
      readonly state: 'expired' | 'cancelled' | 'interrupted';
      readonly endedAt: string;
      readonly reason?: string;
      readonly endedBy?: EndedBy;
    });

export type ApprovalState = Approval['state'];
export type PendingApproval = Extract<Approval, { state: 'pending' }>;
export type ApprovedApproval = Extract<Approval, { state: 'approved' }>;

/** States that can still change; everything else is final. */
export const OPEN_STATES: readonly ApprovalState[] = ['pending', 'approved', 'executing'];

export const isOpen = (a: Approval): boolean => OPEN_STATES.includes(a.state);

/** The most dangerous of some risks ('read' for none): the one ordering every risk comparison uses. */
export function highest(risks: Iterable<Risk>): Risk {
  let max: Risk = 'read';
  for (const risk of risks) if (RISKS.indexOf(risk) > RISKS.indexOf(max)) max = risk;
  return max;
}

export const highestRisk = (commands: readonly PlannedCommand[]): Risk =>
  highest(commands.map((c) => c.risk));

export const resultsOf = (a: Approval): readonly CommandResult[] => ('results' in a ? a.results : []);

/** A run that could not start: the first command failed with `error`, the rest were never tried. */
export function failedBeforeStart(
  commands: readonly { readonly command: string }[],
  error: string,
  at: string,
): CommandResult[] {
  return commands.map((c, i) =>
    i === 0
      ? { command: c.command, status: 'failed', error, startedAt: at, finishedAt: at }
      : { command: c.command, status: 'skipped' },
  );
}
