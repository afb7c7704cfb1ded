import type { Approval } from './model.ts';
import {
  PERSON_PREFIX,
  approvingPeople,
  personOfDecision,
  requirementsOf,
  rulesFor,
  type Policy,
} from './policy.ts';

/** Someone the approval's matched rules name as an approver, as surfaces show (and Slack pings) them. */
export type QuorumApprover = {
  /** As the rule names it: `*`, `person:alice`, `slack-group:S0456`, `slack:U0123`, `api:bob`… */
  readonly approver: string;
  /** The identities it stands for: a person's (by the policy in force), else the approver itself. */
  readonly identities: readonly string[];
  /** Whether it, or one of its identities, has approved already. */
  readonly approved: boolean;
};

/** An approval's quorum, as every surface shows it. */
export type Quorum = {
  /** Distinct people who must approve. */
  readonly required: number;
  /** Distinct people who have approved. */
  readonly approvals: number;
  /** The policy rules that apply (the first match for each command). */
  readonly rules: readonly string[];
  /** Everyone those rules accept, in rule order (a name may repeat when two rules list it). */
  readonly approvers: readonly QuorumApprover[];
};

/** An approval as the service hands it out: with its quorum worked out, so no surface needs the policy to show it. */
export type ApprovalWithQuorum = Approval & { readonly quorum: Quorum };

/** The quorum by the rules the approval was created under; its people by the policy in force now. */
export function quorumOf(a: Approval, policy: Policy): Quorum {
  const rules = rulesFor(a, policy);
  const needs = requirementsOf(rules, a.proposal.commands);
  const approvals = approvingPeople(a.decisions);
  // A command no rule covers: nobody can approve it (the machine refuses every decision), so nobody is named.
  if (!needs.ok) return { required: 1, approvals, rules: [], approvers: [] };
  const approved = new Set(a.decisions.filter((d) => d.decision === 'approve').map(personOfDecision));
  const approvers = rules
    .filter((r) => needs.value.rules.includes(r.name))
    .flatMap((r) => r.approvers)
    .map((approver): QuorumApprover => {
      const identities = approver.startsWith(PERSON_PREFIX)
        ? (policy.people[approver.slice(PERSON_PREFIX.length)] ?? [])
        : [approver];
      return {
        approver,
        identities,
        approved: approved.has(approver) || identities.some((i) => approved.has(i)),
      };
    });
  return { required: needs.value.quorum, approvals, rules: needs.value.rules, approvers };
}

// Lists hand back the same stored object while a record is unchanged (store/unchanged-records.ts); the approval
// with its quorum is kept for it too, per policy, so a pending list read tens of times a second works each quorum
// out once and the wire JSON built from it (wire/approval-json.ts) is reused.
const worked = new WeakMap<Approval, { readonly policy: Policy; readonly value: ApprovalWithQuorum }>();

export function withQuorum(a: Approval, policy: Policy): ApprovalWithQuorum {
  const kept = worked.get(a);
  if (kept?.policy === policy) return kept.value;
  const shown = { ...a, quorum: quorumOf(a, policy) };
  // A stored record shared by every reader is frozen (store/unchanged-records.ts): so is what is shown of it.
  const value = Object.isFrozen(a) ? Object.freeze(shown) : shown;
  worked.set(a, { policy, value });
  return value;
}
