import * as z from 'zod';
import { parseDuration } from '../duration.ts';
import { RISKS } from './model.ts';
import { ANYONE, PERSON_PREFIX, type Policy, type PolicyRule } from './policy.ts';
import { err, ok, type Result } from './result.ts';

/** A problem in a policy file, named by where it is (`rules[0].quorum`). */
export type PolicyIssue = { readonly path: string; readonly message: string };

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const IDENTITY = /^(api|slack|slack-group|mcp|email):[^\s,]+$/;
const name = z.string().regex(NAME, 'names are letters, digits, ".", "_" and "-"');
// Mail systems compare addresses case-insensitively; Slack's profile address is lower-cased the same way.
const normalise = (id: string): string => (id.startsWith('email:') ? id.toLowerCase() : id);
const identity = z
  .string()
  .regex(
    IDENTITY,
    'expected an identity: api:NAME, slack:UXXXX, slack-group:SXXXX, mcp:NAME or email:ADDRESS',
  )
  .transform(normalise);
const nonEmptyList = <T extends z.ZodType<string>>(item: T) => z.array(item).min(1, 'list at least one');
const risk = z.enum(RISKS, { error: `risk is one of ${RISKS.join(', ')}` });

const RuleSchema = z.strictObject({
  name: name,
  match: z
    .strictObject({
      namespaces: nonEmptyList(z.string().min(1)).optional(),
      verbs: nonEmptyList(z.string().min(1)).optional(),
      kinds: nonEmptyList(z.string().min(1)).optional(),
      risk: z.union([risk, z.array(risk).min(1)]).optional(),
    })
    .default({}),
  approvers: nonEmptyList(z.string().min(1)),
  quorum: z.number().int('quorum is a whole number of people').min(1).max(20).default(1),
  ttl: z
    .string()
    .refine((t) => (parseDuration(t) ?? 0) > 0, 'expected a duration such as 15m or 2h')
    .optional(),
});

/** The policy file (YAML or JSON): people, groups and rules, as README documents it. Unknown keys are errors. */
export const PolicyDocumentSchema = z.strictObject({
  people: z.record(name, nonEmptyList(identity)).default({}),
  groups: z.record(name, nonEmptyList(z.string().min(1))).default({}),
  rules: z.array(RuleSchema).min(1, 'a policy needs at least one rule'),
});
export type PolicyDocument = z.input<typeof PolicyDocumentSchema>;

const pathOf = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') ||
  '(file)';

/**
 * Validates a parsed policy file and compiles it: groups are expanded (nested groups allowed, cycles refused),
 * approvers become `*`, `person:NAME` or identities, and every problem is reported with its path.
 */
export function compilePolicy(
  raw: unknown,
  options: { source: string; selfApproval: Policy['selfApproval'] },
): Result<Policy, PolicyIssue[]> {
  const parsed = PolicyDocumentSchema.safeParse(raw ?? {});
  if (!parsed.success)
    return err(parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })));
  const doc = parsed.data;
  const issues: PolicyIssue[] = [];
  const owner = new Map<string, string>();
  for (const [person, identities] of Object.entries(doc.people)) {
    for (const [i, id] of identities.entries()) {
      const other = owner.get(id);
      if (other !== undefined && other !== person)
        issues.push({
          path: `people.${person}[${i}]`,
          message: `${id} is already ${other}'s: an identity is one person's`,
        });
      owner.set(id, person);
    }
    if (person in doc.groups)
      issues.push({ path: `people.${person}`, message: `"${person}" is both a person and a group` });
  }
  const expand = groupExpander(doc, owner, issues);
  // Every group is checked, including one no rule uses yet: a typo in it would surface only when it is used.
  for (const group of Object.keys(doc.groups)) expand(group, `groups.${group}`, []);
  const rules: PolicyRule[] = doc.rules.map((rule, r) => {
    const approvers = [
      ...new Set(rule.approvers.flatMap((ref, a) => expand(ref, `rules[${r}].approvers[${a}]`, []))),
    ];
    checkQuorum(approvers, rule.quorum, `rules[${r}].quorum`, issues);
    const { namespaces, verbs, kinds, risk } = rule.match;
    const ttlMs = rule.ttl === undefined ? undefined : parseDuration(rule.ttl);
    return {
      name: rule.name,
      match: {
        ...(namespaces === undefined ? {} : { namespaces }),
        ...(verbs === undefined ? {} : { verbs }),
        ...(kinds === undefined ? {} : { kinds }),
        ...(risk === undefined ? {} : { risk: [risk].flat() }),
      },
      approvers,
      quorum: rule.quorum,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    };
  });
  const names = doc.rules.map((r) => r.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i)
      issues.push({ path: `rules[${i}].name`, message: `rule name "${n}" is used twice` });
  });
  if (issues.length > 0) return err(dedupe(issues));
  return ok({ people: doc.people, rules, selfApproval: options.selfApproval, source: options.source });
}

type Doc = z.output<typeof PolicyDocumentSchema>;

/** Resolves an approver or group member: `*`, a person, a group (recursively) or an identity. */
function groupExpander(doc: Doc, owner: ReadonlyMap<string, string>, issues: PolicyIssue[]) {
  const expand = (ref: string, path: string, seen: readonly string[]): string[] => {
    if (ref === ANYONE) return [ANYONE];
    if (ref.includes(':')) {
      if (!IDENTITY.test(ref)) {
        issues.push({
          path,
          message: `"${ref}" is not an identity (api:, slack:, slack-group:, mcp:, email:)`,
        });
        return [];
      }
      // An identity of a listed person stands for that person: one person, several identities, one vote.
      const id = normalise(ref);
      const person = owner.get(id);
      return [person === undefined ? id : `${PERSON_PREFIX}${person}`];
    }
    if (ref in doc.people) return [`${PERSON_PREFIX}${ref}`];
    const members = doc.groups[ref];
    if (members === undefined) {
      issues.push({ path, message: `"${ref}" is neither a person, a group nor an identity` });
      return [];
    }
    if (seen.includes(ref)) {
      issues.push({ path, message: `group "${ref}" contains itself (${[...seen, ref].join(' → ')})` });
      return [];
    }
    return members.flatMap((m, i) => expand(m, `groups.${ref}[${i}]`, [...seen, ref]));
  };
  return expand;
}

/** A quorum larger than the people who could ever approve would leave the rule's proposals to expire. */
function checkQuorum(
  approvers: readonly string[],
  quorum: number,
  path: string,
  issues: PolicyIssue[],
): void {
  // Anyone, or a Slack group (whose size kubegate learns only from Slack), may supply any number of people.
  if (approvers.some((a) => a === ANYONE || a.startsWith('slack-group:'))) return;
  if (approvers.length < quorum) {
    issues.push({
      path,
      message: `quorum ${quorum} needs more people than the rule's ${approvers.length} approver(s) can give`,
    });
  }
}

const dedupe = (issues: readonly PolicyIssue[]): PolicyIssue[] => [
  ...new Map(issues.map((i) => [`${i.path}\n${i.message}`, i])).values(),
];
