import type { Actor, Approval, Decision, PlannedCommand, Risk } from './model.ts';
import { err, ok, type Result } from './result.ts';

/** What a rule applies to; an absent field matches everything. Namespaces may use globs (`prod-*`). */
export type RuleMatch = {
  readonly namespaces?: readonly string[];
  readonly verbs?: readonly string[];
  readonly kinds?: readonly string[];
  readonly risk?: readonly Risk[];
};

/**
 * One approval rule, with its approvers expanded: `*` (anyone authenticated), `person:NAME`, or an identity
 * (`api:alice`, `slack:U0123`, `slack-group:S0456`, `email:a@example.com`, `mcp:agent`).
 */
export type PolicyRule = {
  readonly name: string;
  readonly match: RuleMatch;
  readonly approvers: readonly string[];
  /** Distinct PEOPLE who must approve. */
  readonly quorum: number;
  readonly ttlMs?: number;
};

/** Who decides what: people (one person, several identities, one vote) and rules, first match wins. */
export type Policy = {
  /** person name → the identities that are that person. */
  readonly people: Readonly<Record<string, readonly string[]>>;
  readonly rules: readonly PolicyRule[];
  /**
   * `single-local-user`: the unauthenticated loopback mode (no tokens, no Slack), where every caller is the one
   * local user; there, and only there, the requester may approve their own proposal.
   */
  readonly selfApproval: 'forbidden' | 'single-local-user';
  /** Where the policy came from, for the start-up report and GET /api/policy. */
  readonly source: string;
};

/** What a proposal needs: the rules that matched its commands, the largest quorum, the shortest ttl. */
export type Requirements = {
  readonly rules: readonly string[];
  /** The rule each command matched, in command order. */
  readonly commandRules: readonly string[];
  readonly quorum: number;
  /** One approver list per matched rule: a decider must be accepted by every one of them. */
  readonly approvers: readonly (readonly string[])[];
  readonly ttlMs?: number;
};

export const ANYONE = '*';
export const PERSON_PREFIX = 'person:';

/** Glob match with `*` as the only wildcard, anchored: `prod-*` matches `prod-eu`, not `preprod-eu`. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}

export function ruleMatches(rule: PolicyRule, command: PlannedCommand): boolean {
  const { namespaces, verbs, kinds, risk } = rule.match;
  if (risk && !risk.includes(command.risk)) return false;
  if (verbs && (command.verb === undefined || !verbs.includes(command.verb))) return false;
  if (kinds && (command.kind === undefined || !kinds.includes(command.kind))) return false;
  if (namespaces) {
    // A cluster-scoped command (a node) or an all-namespaces read is in no namespace a rule could name.
    const namespace = command.namespace;
    if (typeof namespace !== 'string' || !namespaces.some((p) => globMatches(p, namespace))) return false;
  }
  return true;
}

/**
 * The first rule each command matches, combined; fails with the first command no rule covers. A matched rule
 * without a ttl of its own counts with `defaultTtlMs`.
 */
export function requirementsOf(
  rules: readonly PolicyRule[],
  commands: readonly PlannedCommand[],
  defaultTtlMs?: number,
): Result<Requirements, { readonly command: string }> {
  const matched: PolicyRule[] = [];
  const commandRules: string[] = [];
  for (const command of commands) {
    const rule = rules.find((r) => ruleMatches(r, command));
    if (!rule) return err({ command: command.command });
    commandRules.push(rule.name);
    if (!matched.includes(rule)) matched.push(rule);
  }
  const ttls = matched.flatMap((r) => {
    const ttl = r.ttlMs ?? defaultTtlMs;
    return ttl === undefined ? [] : [ttl];
  });
  return ok({
    rules: matched.map((r) => r.name),
    commandRules,
    quorum: Math.max(1, ...matched.map((r) => r.quorum)),
    approvers: matched.map((r) => r.approvers),
    ...(ttls.length === 0 ? {} : { ttlMs: Math.min(...ttls) }),
  });
}

/** The rules an approval is judged by: those it was created under (a reload never moves the goalposts). */
export const rulesFor = (a: Approval, policy: Policy): readonly PolicyRule[] => a.rules ?? policy.rules;

export const identitiesOf = (actor: Actor): readonly string[] => [actor.principal, ...(actor.aliases ?? [])];

/** The person behind some identities: `person:NAME` when the policy lists one of them, else the first identity. */
export function personOf(policy: Policy, identities: readonly string[]): string {
  for (const identity of identities) {
    for (const [name, owned] of Object.entries(policy.people)) {
      if (owned.includes(identity)) return `${PERSON_PREFIX}${name}`;
    }
  }
  return identities[0] ?? '';
}

export const personOfActor = (policy: Policy, actor: Actor): string => personOf(policy, identitiesOf(actor));

/** Whether one rule's approver list accepts this actor (as a person, an identity or a Slack group member). */
function accepts(approvers: readonly string[], policy: Policy, actor: Actor): boolean {
  if (approvers.includes(ANYONE)) return true;
  if (approvers.includes(personOfActor(policy, actor))) return true;
  if (identitiesOf(actor).some((identity) => approvers.includes(identity))) return true;
  return (actor.groups ?? []).some((group) => approvers.includes(`slack-group:${group}`));
}

/** A decider must be acceptable to every rule the proposal matched. */
export const mayDecide = (requirements: Requirements, policy: Policy, actor: Actor): boolean =>
  requirements.approvers.every((approvers) => accepts(approvers, policy, actor));

/** Requester and decider compared as people: Alice over REST and Alice in Slack are one person. */
export function isRequester(policy: Policy, requester: string, actor: Actor): boolean {
  return personOf(policy, [requester]) === personOfActor(policy, actor);
}

/** Nobody approves a change they requested, except the one user of the unauthenticated loopback mode. */
export const isSelfApproval = (policy: Policy, requester: string, actor: Actor): boolean =>
  policy.selfApproval === 'forbidden' && isRequester(policy, requester, actor);

/** The person a decision counts for (records from before people existed count their identity). */
export const personOfDecision = (d: Decision): string => d.person ?? d.by;

/** Approvals counted in distinct people. */
export const approvingPeople = (decisions: readonly Decision[]): number =>
  new Set(decisions.filter((d) => d.decision === 'approve').map(personOfDecision)).size;

/** A display name for a person key: `person:alice` → `alice`; an identity stays as it is. */
export const displayPerson = (person: string): string =>
  person.startsWith(PERSON_PREFIX) ? person.slice(PERSON_PREFIX.length) : person;

/**
 * The `APPROVERS` shorthand as a policy: dangerous proposals need `dangerousQuorum` distinct people, anything else
 * one; both from the listed approvers (`*`: anyone authenticated but the requester).
 */
export function shorthandPolicy(options: {
  readonly approvers: readonly string[];
  readonly dangerousQuorum: number;
  readonly selfApproval: Policy['selfApproval'];
}): Policy {
  const approvers = options.approvers.length === 0 ? [ANYONE] : options.approvers;
  return {
    people: {},
    rules: [
      {
        name: 'dangerous',
        match: { risk: ['dangerous'] },
        approvers,
        quorum: Math.max(1, options.dangerousQuorum),
      },
      { name: 'default', match: {}, approvers, quorum: 1 },
    ],
    selfApproval: options.selfApproval,
    source:
      options.approvers.length === 0
        ? 'default: anyone (loopback, single local user)'
        : `APPROVERS=${options.approvers.join(',')}`,
  };
}
