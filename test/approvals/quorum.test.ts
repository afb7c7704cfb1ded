import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Approval } from '../../src/approvals/model.ts';
import { shorthandPolicy, type Policy } from '../../src/approvals/policy.ts';
import { quorumOf, withQuorum } from '../../src/approvals/quorum.ts';
import { pendingApproval } from '../support/approvals.ts';

const policy: Policy = {
  people: { alice: ['api:alice', 'slack:U0ALICE0001'], bob: ['api:bob', 'slack:U0BOB000001'] },
  rules: [
    {
      name: 'prod-dangerous',
      match: { risk: ['dangerous'] },
      approvers: ['person:alice', 'person:bob', 'slack-group:S0SRE000001'],
      quorum: 2,
    },
    { name: 'default', match: {}, approvers: ['person:alice', 'api:carol'], quorum: 1 },
  ],
  selfApproval: 'forbidden',
  source: 'test',
};

describe('an approval carries its quorum', () => {
  test('names the matched rules, the largest quorum and every approver they accept, with their identities', () => {
    const q = quorumOf(pendingApproval('dangerous'), policy);
    assert.deepEqual(q, {
      required: 2,
      approvals: 0,
      rules: ['prod-dangerous'],
      approvers: [
        { approver: 'person:alice', identities: ['api:alice', 'slack:U0ALICE0001'], approved: false },
        { approver: 'person:bob', identities: ['api:bob', 'slack:U0BOB000001'], approved: false },
        { approver: 'slack-group:S0SRE000001', identities: ['slack-group:S0SRE000001'], approved: false },
      ],
    });
  });

  test('counts people, and marks a person approved whichever identity they used', () => {
    const p = pendingApproval('dangerous');
    const a: Approval = {
      ...p,
      decisions: [
        {
          decision: 'approve',
          by: 'slack:U0ALICE0001',
          person: 'person:alice',
          via: 'slack',
          at: p.createdAt,
        },
      ],
    };
    const q = quorumOf(a, policy);
    assert.equal(q.approvals, 1);
    assert.deepEqual(
      q.approvers.map((x) => [x.approver, x.approved]),
      [
        ['person:alice', true],
        ['person:bob', false],
        ['slack-group:S0SRE000001', false],
      ],
    );
  });

  test('judges by the rules the approval was created under, not a reloaded policy', () => {
    const created = { ...pendingApproval('change'), rules: policy.rules };
    const reloaded = shorthandPolicy({
      approvers: ['api:zed'],
      dangerousQuorum: 3,
      selfApproval: 'forbidden',
    });
    const q = quorumOf(created, reloaded);
    assert.deepEqual(q.rules, ['default']);
    assert.deepEqual(
      q.approvers.map((x) => x.approver),
      ['person:alice', 'api:carol'],
    );
  });

  test('names nobody for a command no rule covers (nobody could approve it)', () => {
    const uncovered: Policy = { ...policy, rules: [policy.rules[0]!] };
    assert.deepEqual(quorumOf(pendingApproval('change'), uncovered), {
      required: 1,
      approvals: 0,
      rules: [],
      approvers: [],
    });
  });

  test('withQuorum keeps the approval as it is and adds the quorum', () => {
    const a = pendingApproval('change');
    const shown = withQuorum(a, policy);
    const { quorum, ...rest } = shown;
    assert.deepEqual(rest, a);
    assert.equal(quorum.required, 1);
  });
});
