import { highestRisk, type Actor, type Decision, type Proposal } from './model.ts';

/** Who may decide and how many approvals a proposal needs. */
export type Policy = {
  /** Principals (`api:alice`, `slack:U0123`, `slack-group:S0456`); empty means any authenticated caller. */
  readonly approvers: readonly string[];
  /** Distinct approvals a dangerous proposal needs; anything else needs one. */
  readonly dangerousQuorum: number;
};

export function mayDecide(policy: Policy, actor: Actor): boolean {
  if (policy.approvers.length === 0) return true;
  if (policy.approvers.includes(actor.principal)) return true;
  return (actor.groups ?? []).some((group) => policy.approvers.includes(`slack-group:${group}`));
}

export function isDangerous(proposal: Proposal): boolean {
  return highestRisk(proposal.commands) === 'dangerous';
}

export function requiredApprovals(policy: Policy, proposal: Proposal): number {
  return isDangerous(proposal) ? Math.max(1, policy.dangerousQuorum) : 1;
}

/** Nobody vouches for their own dangerous change: the requester's approval would defeat the gate. */
export function isSelfApproval(proposal: Proposal, actor: Actor): boolean {
  return isDangerous(proposal) && proposal.requester === actor.principal;
}

export function approvalsOf(decisions: readonly Decision[]): number {
  return decisions.filter((d) => d.decision === 'approve').length;
}

export function quorumMet(policy: Policy, proposal: Proposal, decisions: readonly Decision[]): boolean {
  return approvalsOf(decisions) >= requiredApprovals(policy, proposal);
}
