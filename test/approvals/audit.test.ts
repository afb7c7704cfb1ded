import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditRecordsOf } from '../../src/approvals/audit.ts';
import type { Approval, ApprovalState, Decision } from '../../src/approvals/model.ts';
import { T0, approvalIn, at } from '../support/approvals.ts';

const approve: Decision = {
  decision: 'approve',
  by: 'api:alice',
  via: 'slack',
  at: at(10),
  reason: 'looks right',
};
const reject: Decision = { decision: 'reject', by: 'api:bob', via: 'rest', at: at(10), reason: 'no' };
const COMMAND = 'kubectl delete pod api-service-7b4f9d -n production';

/** approvalIn() carries no decisions: give each state the decisions that led to it. */
function withTrail(state: ApprovalState): Approval {
  const a = approvalIn(state);
  if (['approved', 'executing', 'succeeded', 'failed', 'interrupted'].includes(state))
    return { ...a, decisions: [approve] };
  if (state === 'rejected') return { ...a, decisions: [reject] };
  return state === 'cancelled' ? withReason(a, 'fixed itself') : a;
}

const withReason = (a: Approval, reason: string): Approval =>
  a.state === 'cancelled' || a.state === 'expired' ? { ...a, reason } : a;

type Row = [at: string, event: string, by: string | null, via: string | null, extra: object];
const proposed: Row = [T0, 'proposed', 'api:agent', null, {}];
const approved: Row = [at(10), 'approved', 'api:alice', 'slack', { reason: 'looks right' }];

const cases: { state: ApprovalState; rows: Row[] }[] = [
  { state: 'pending', rows: [proposed] },
  { state: 'approved', rows: [proposed, approved] },
  { state: 'executing', rows: [proposed, approved] },
  {
    state: 'succeeded',
    rows: [proposed, approved, [at(12), 'executed', 'kubegate', 'system', { result: 'succeeded' }]],
  },
  {
    state: 'failed',
    rows: [proposed, approved, [at(12), 'executed', 'kubegate', 'system', { result: 'failed' }]],
  },
  { state: 'rejected', rows: [proposed, [at(10), 'rejected', 'api:bob', 'rest', { reason: 'no' }]] },
  { state: 'cancelled', rows: [proposed, [at(10), 'cancelled', null, null, { reason: 'fixed itself' }]] },
  { state: 'expired', rows: [proposed, [at(10), 'expired', 'kubegate', 'system', {}]] },
  { state: 'interrupted', rows: [proposed, approved, [at(10), 'interrupted', 'kubegate', 'system', {}]] },
];

describe('auditRecordsOf', () => {
  for (const { state, rows } of cases) {
    test(`an approval that is ${state}`, () => {
      const a = withTrail(state);
      const expected = rows.map(([when, event, by, via, extra]) => ({
        at: when,
        approvalId: a.id,
        action: 'Restart crashed pods',
        event,
        by,
        // Without a policy's people, each identity is a person of its own; kubegate itself is nobody.
        person: by === 'kubegate' ? null : by,
        via,
        ...extra,
        commands: [COMMAND],
      }));
      assert.deepEqual(auditRecordsOf(a), expected);
    });
  }

  test('every approve vote of a quorum is a record, in order, with its surface', () => {
    const second: Decision = { decision: 'approve', by: 'slack:U2', via: 'slack', at: at(20) };
    const a: Approval = { ...approvalIn('approved'), decisions: [{ ...approve, via: 'mcp' }, second] };
    const records = auditRecordsOf(a);
    assert.deepEqual(
      records.map((r) => [r.event, r.by, r.via, r.at]),
      [
        ['proposed', 'api:agent', null, T0],
        ['approved', 'api:alice', 'mcp', at(10)],
        ['approved', 'slack:U2', 'slack', at(20)],
      ],
    );
    assert.equal('reason' in (records[2] ?? {}), false, 'an approval without comment has no reason key');
  });

  test('an expiry carries the reason the machine gave', () => {
    const a = withReason(approvalIn('expired'), 'no decision before expiry');
    assert.equal(auditRecordsOf(a).at(-1)?.reason, 'no decision before expiry');
  });
});
