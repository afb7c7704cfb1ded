import { z } from 'zod';

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

/** Who acts: a principal such as `api:alice` or `slack:U0123`, plus the Slack groups it belongs to. */
export type Actor = { readonly principal: string; readonly groups?: readonly string[] };

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
};

export type Decision = {
  readonly decision: 'approve' | 'reject';
  readonly by: string;
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
};

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
    });

export type ApprovalState = Approval['state'];
export type PendingApproval = Extract<Approval, { state: 'pending' }>;
export type ApprovedApproval = Extract<Approval, { state: 'approved' }>;

/** States that can still change; everything else is final. */
export const OPEN_STATES: readonly ApprovalState[] = ['pending', 'approved', 'executing'];

export const isOpen = (a: Approval): boolean => OPEN_STATES.includes(a.state);

export function highestRisk(commands: readonly PlannedCommand[]): Risk {
  return commands.reduce<Risk>((max, c) => (RISKS.indexOf(c.risk) > RISKS.indexOf(max) ? c.risk : max), 'read');
}

export const resultsOf = (a: Approval): readonly CommandResult[] => ('results' in a ? a.results : []);

/** A run that could not start: the first command failed with `error`, the rest were never tried. */
export function failedBeforeStart(commands: readonly { readonly command: string }[], error: string, at: string): CommandResult[] {
  return commands.map((c, i) =>
    i === 0 ? { command: c.command, status: 'failed', error, startedAt: at, finishedAt: at } : { command: c.command, status: 'skipped' },
  );
}
