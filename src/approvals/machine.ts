import type { Approval, Decision } from './model.ts';
import type { ApprovalEvent, EventOf } from './events.ts';
import type { TransitionError } from './errors.ts';
import type { Actor } from './model.ts';
import {
  approvingPeople,
  isRequester,
  isSelfApproval,
  mayDecide,
  personOfActor,
  personOfDecision,
  requirementsOf,
  rulesFor,
  type Policy,
  type Requirements,
} from './policy.ts';
import { assertNever, err, ok, type Result } from './result.ts';

type Transition = Result<Approval, TransitionError>;

/** The one approval state machine: every surface's decision, the sweeper and the executor go through here. */
export function transition(a: Approval, e: ApprovalEvent, policy: Policy): Transition {
  switch (e.type) {
    case 'approve':
      return approve(a, e, policy);
    case 'reject':
      return reject(a, e, policy);
    case 'cancel':
      return cancel(a, e, policy);
    case 'expire':
      return expire(a, e);
    case 'interrupt':
      return interrupt(a, e);
    case 'start':
      return start(a, e);
    case 'finish':
      return finish(a, e);
    default:
      return assertNever(e);
  }
}

export const isOverdue = (a: Approval, at: string): boolean => Date.parse(at) >= Date.parse(a.expiresAt);

/** Refusals every human decision shares: only a live pending proposal can be decided. */
function checkDecidable(a: Approval, at: string): TransitionError | undefined {
  if (a.state !== 'pending') return { code: 'not_pending', state: a.state };
  if (isOverdue(a, at)) return { code: 'expired', state: 'expired' };
  return undefined;
}

/** What the approval needs, by the rules it was created under; a command no rule covers can be decided by nobody. */
function requirementsFor(a: Approval, policy: Policy): Requirements | undefined {
  const needs = requirementsOf(rulesFor(a, policy), a.proposal.commands);
  return needs.ok ? needs.value : undefined;
}

function mayDecideOn(a: Approval, policy: Policy, actor: Actor): Requirements | undefined {
  const needs = requirementsFor(a, policy);
  return needs && mayDecide(needs, policy, actor) ? needs : undefined;
}

function approve(a: Approval, e: EventOf<'approve'>, policy: Policy): Transition {
  const refused = checkDecidable(a, e.at);
  if (refused) return err(refused);
  const principal = e.by.principal;
  const needs = mayDecideOn(a, policy, e.by);
  if (!needs) return err({ code: 'not_allowed', principal });
  if (isSelfApproval(policy, a.proposal.requester, e.by)) return err({ code: 'self_approval', principal });
  // One person, one vote: whichever identity or surface they use, a second decision by the same person is refused.
  const person = personOfActor(policy, e.by);
  if (a.decisions.some((d) => personOfDecision(d) === person))
    return err({ code: 'duplicate_decision', principal });
  const decision: Decision = {
    decision: 'approve',
    by: principal,
    person,
    via: e.via,
    at: e.at,
    ...reasonOf(e.comment),
  };
  const decisions = [...a.decisions, decision];
  const base = { ...a, version: a.version + 1, decisions };
  return ok(
    approvingPeople(decisions) >= needs.quorum ? { ...base, state: 'approved', approvedAt: e.at } : base,
  );
}

function reject(a: Approval, e: EventOf<'reject'>, policy: Policy): Transition {
  const refused = checkDecidable(a, e.at);
  if (refused) return err(refused);
  if (!mayDecideOn(a, policy, e.by)) return err({ code: 'not_allowed', principal: e.by.principal });
  const person = personOfActor(policy, e.by);
  const decision: Decision = {
    decision: 'reject',
    by: e.by.principal,
    person,
    via: e.via,
    at: e.at,
    reason: e.reason,
  };
  return ok({
    ...a,
    version: a.version + 1,
    decisions: [...a.decisions, decision],
    state: 'rejected',
    rejectedAt: e.at,
    reason: e.reason,
  });
}

/** The requester may withdraw their own proposal; otherwise cancelling is a decision like any other. */
function cancel(a: Approval, e: EventOf<'cancel'>, policy: Policy): Transition {
  if (a.state !== 'pending') return err({ code: 'not_pending', state: a.state });
  const principal = e.by.principal;
  if (!isRequester(policy, a.proposal.requester, e.by) && !mayDecideOn(a, policy, e.by)) {
    return err({ code: 'not_allowed', principal });
  }
  const endedBy = { by: principal, person: personOfActor(policy, e.by), via: e.via };
  return ok({
    ...a,
    version: a.version + 1,
    state: 'cancelled',
    endedAt: e.at,
    endedBy,
    ...reasonOf(e.reason),
  });
}

function expire(a: Approval, e: EventOf<'expire'>): Transition {
  if (a.state !== 'pending') return err({ code: 'not_pending', state: a.state });
  if (!isOverdue(a, e.at)) return err({ code: 'illegal_transition', state: a.state, event: e.type });
  return ok({
    ...a,
    version: a.version + 1,
    state: 'expired',
    endedAt: e.at,
    reason: 'no decision before expiry',
  });
}

/** A run that was approved or under way when the process died is never re-run automatically. */
function interrupt(a: Approval, e: EventOf<'interrupt'>): Transition {
  if (a.state !== 'approved' && a.state !== 'executing') {
    return err({ code: 'illegal_transition', state: a.state, event: e.type });
  }
  return ok({ ...a, version: a.version + 1, state: 'interrupted', endedAt: e.at, reason: e.reason });
}

function start(a: Approval, e: EventOf<'start'>): Transition {
  if (a.state !== 'approved') return err({ code: 'illegal_transition', state: a.state, event: e.type });
  return ok({ ...a, version: a.version + 1, state: 'executing', startedAt: e.at });
}

function finish(a: Approval, e: EventOf<'finish'>): Transition {
  if (a.state !== 'executing') return err({ code: 'illegal_transition', state: a.state, event: e.type });
  const succeeded = e.results.length > 0 && e.results.every((r) => r.status === 'succeeded');
  return ok({
    ...a,
    version: a.version + 1,
    state: succeeded ? 'succeeded' : 'failed',
    finishedAt: e.at,
    results: e.results,
  });
}

const reasonOf = (reason: string | undefined): { reason?: string } =>
  reason === undefined ? {} : { reason };
