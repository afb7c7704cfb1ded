import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APPROVAL_STATES, type ApprovalState } from '../../src/approvals/model.ts';
import type { ApprovalEvent, ApprovalEventType } from '../../src/approvals/events.ts';
import { transition } from '../../src/approvals/machine.ts';
import { shorthandPolicy, type Policy } from '../../src/approvals/policy.ts';
import { actor, approvalIn, at, pendingApproval } from '../support/approvals.ts';

const only = (approvers: string[]): Policy =>
  shorthandPolicy({ approvers, dangerousQuorum: 2, selfApproval: 'forbidden' });
const anyone: Policy = only(['*']);
const alice = actor('api:alice');

const events: Record<ApprovalEventType, ApprovalEvent> = {
  approve: { type: 'approve', by: alice, via: 'rest', at: at(60) },
  reject: { type: 'reject', by: alice, via: 'slack', at: at(60), reason: 'too risky' },
  cancel: { type: 'cancel', by: actor('api:agent'), via: 'mcp', at: at(60) },
  expire: { type: 'expire', at: at(3600) },
  interrupt: { type: 'interrupt', at: at(60), reason: 'process died' },
  start: { type: 'start', at: at(60) },
  finish: { type: 'finish', at: at(60), results: [{ command: 'kubectl delete pod x', status: 'succeeded' }] },
};

// Expected outcome of every event in every state: the next state, or the refusal's code.
const table: Record<ApprovalState, Record<ApprovalEventType, string>> = {
  pending: {
    approve: '→approved',
    reject: '→rejected',
    cancel: '→cancelled',
    expire: '→expired',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
  approved: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '→interrupted',
    start: '→executing',
    finish: '!illegal_transition',
  },
  executing: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '→interrupted',
    start: '!illegal_transition',
    finish: '→succeeded',
  },
  succeeded: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
  failed: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
  rejected: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
  expired: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
  cancelled: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
  interrupted: {
    approve: '!not_pending',
    reject: '!not_pending',
    cancel: '!not_pending',
    expire: '!not_pending',
    interrupt: '!illegal_transition',
    start: '!illegal_transition',
    finish: '!illegal_transition',
  },
};

describe('every state × event', () => {
  for (const state of APPROVAL_STATES) {
    for (const [type, expected] of Object.entries(table[state]) as [ApprovalEventType, string][]) {
      test(`${type} on ${state} ${expected.startsWith('→') ? `moves to ${expected.slice(1)}` : `is refused with ${expected.slice(1)}`}`, () => {
        const before = approvalIn(state);
        const r = transition(before, events[type], anyone);
        if (expected.startsWith('→')) {
          assert.equal(r.ok, true, JSON.stringify(r));
          assert.ok(r.ok);
          assert.equal(r.value.state, expected.slice(1));
          assert.equal(r.value.version, before.version + 1);
        } else {
          assert.equal(r.ok, false);
          assert.ok(!r.ok);
          assert.equal(r.error.code, expected.slice(1));
          if (r.error.code === 'not_pending')
            assert.equal(r.error.state, state, 'the refusal names the current state');
        }
      });
    }
  }
});

describe('decisions', () => {
  test('refuses an approver who is not configured', () => {
    const r = transition(pendingApproval(), events.approve, only(['api:bob']));
    assert.ok(!r.ok);
    assert.deepEqual(r.error, { code: 'not_allowed', principal: 'api:alice' });
  });

  test('lets a member of a configured Slack group decide', () => {
    const policy: Policy = only(['slack-group:S0456']);
    const event: ApprovalEvent = {
      type: 'approve',
      by: actor('slack:U1', ['S0456']),
      via: 'slack',
      at: at(60),
    };
    const r = transition(pendingApproval(), event, policy);
    assert.ok(r.ok);
    assert.equal(r.value.state, 'approved');
  });

  test('refuses a reject from an approver who is not configured', () => {
    const r = transition(pendingApproval(), events.reject, only(['api:bob']));
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'not_allowed');
  });

  test('refuses a decision after the deadline as expired', () => {
    const late: ApprovalEvent = { type: 'approve', by: alice, via: 'rest', at: at(1800) };
    const r = transition(pendingApproval(), late, anyone);
    assert.ok(!r.ok);
    assert.deepEqual(r.error, { code: 'expired', state: 'expired' });
  });

  test('does not expire a proposal before its deadline', () => {
    const r = transition(pendingApproval(), { type: 'expire', at: at(1799) }, anyone);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'illegal_transition');
  });

  test('keeps a dangerous proposal pending until the quorum of distinct approvers is met', () => {
    const first = transition(pendingApproval('dangerous'), events.approve, anyone);
    assert.ok(first.ok);
    assert.equal(first.value.state, 'pending');
    assert.equal(first.value.decisions.length, 1);
    const bob: ApprovalEvent = { type: 'approve', by: actor('api:bob'), via: 'slack', at: at(61) };
    const second = transition(first.value, bob, anyone);
    assert.ok(second.ok);
    assert.equal(second.value.state, 'approved');
    assert.deepEqual(
      second.value.decisions.map((d) => d.by),
      ['api:alice', 'api:bob'],
    );
  });

  test('refuses the same approver twice towards a quorum', () => {
    const first = transition(pendingApproval('dangerous'), events.approve, anyone);
    assert.ok(first.ok);
    const again = transition(first.value, events.approve, anyone);
    assert.ok(!again.ok);
    assert.deepEqual(again.error, { code: 'duplicate_decision', principal: 'api:alice' });
  });

  test('refuses the requester approving their own dangerous proposal', () => {
    const r = transition(pendingApproval('dangerous', 'api:alice'), events.approve, anyone);
    assert.ok(!r.ok);
    assert.deepEqual(r.error, { code: 'self_approval', principal: 'api:alice' });
  });

  test('refuses the requester approving their own proposal at any risk, whichever identity they use', () => {
    for (const risk of ['read', 'change', 'dangerous'] as const) {
      const r = transition(pendingApproval(risk, 'api:alice'), events.approve, anyone);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'self_approval');
    }
    const people: Policy = { ...anyone, people: { alice: ['api:alice', 'slack:U0ALICE0001'] } };
    const viaSlack: ApprovalEvent = {
      type: 'approve',
      by: actor('slack:U0ALICE0001'),
      via: 'slack',
      at: at(60),
    };
    const r = transition(pendingApproval('change', 'api:alice'), viaSlack, people);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'self_approval');
  });

  test('lets the one local user approve their own proposal in the unauthenticated loopback mode', () => {
    const local: Policy = { ...anyone, selfApproval: 'single-local-user' };
    const r = transition(
      pendingApproval('change', 'api:local'),
      { type: 'approve', by: actor('api:local'), via: 'rest', at: at(60) },
      local,
    );
    assert.ok(r.ok);
    assert.equal(r.value.state, 'approved');
  });

  test('counts one vote per person, whichever identity or surface they use', () => {
    const people: Policy = { ...anyone, people: { alice: ['api:alice', 'slack:U0ALICE0001'] } };
    const first = transition(pendingApproval('dangerous'), events.approve, people);
    assert.ok(first.ok);
    const again: ApprovalEvent = {
      type: 'approve',
      by: actor('slack:U0ALICE0001'),
      via: 'slack',
      at: at(61),
    };
    const r = transition(first.value, again, people);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'duplicate_decision');
  });

  test('ends a proposal on one rejection even after a first approval', () => {
    const first = transition(pendingApproval('dangerous'), events.approve, anyone);
    assert.ok(first.ok);
    const bob: ApprovalEvent = {
      type: 'reject',
      by: actor('api:bob'),
      via: 'rest',
      at: at(61),
      reason: 'wrong pod',
    };
    const r = transition(first.value, bob, anyone);
    assert.ok(r.ok);
    assert.deepEqual(
      [r.value.state, 'reason' in r.value ? r.value.reason : undefined],
      ['rejected', 'wrong pod'],
    );
  });

  test('lets the requester cancel but not a stranger when approvers are configured', () => {
    const policy: Policy = only(['api:bob']);
    const own = transition(pendingApproval(), events.cancel, policy);
    assert.ok(own.ok);
    assert.equal(own.value.state, 'cancelled');
    const stranger: ApprovalEvent = { type: 'cancel', by: alice, via: 'rest', at: at(60) };
    const r = transition(pendingApproval(), stranger, policy);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'not_allowed');
  });

  test('finishes as failed when any command did not succeed', () => {
    const results = [
      { command: 'a', status: 'succeeded' as const },
      { command: 'b', status: 'failed' as const, error: 'boom' },
      { command: 'c', status: 'skipped' as const },
    ];
    const r = transition(approvalIn('executing'), { type: 'finish', at: at(70), results }, anyone);
    assert.ok(r.ok);
    assert.equal(r.value.state, 'failed');
  });
});
