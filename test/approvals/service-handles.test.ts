import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApprovalRuntime, ApprovalService } from '../../src/approvals/service.ts';
import { startCoreKubegate } from '../support/kubegate.ts';

// Compile-time half: if any of these ever joins ApprovalService, `npm run typecheck` fails on this line.
type RuntimeOnly = keyof ApprovalRuntime;
type Leaked = Extract<keyof ApprovalService, RuntimeOnly>;
const nothingLeaked: [Leaked] extends [never] ? true : false = true;

describe('the core has two handles', () => {
  test('the service the surfaces get carries none of the runtime (drain, recovery, sweep, executions)', async () => {
    assert.equal(nothingLeaked, true);
    const kg = await startCoreKubegate();
    try {
      const runtimeOnly: RuntimeOnly[] = [
        'drain',
        'recoverInterrupted',
        'sweepExpired',
        'executionsInFlight',
      ];
      for (const name of runtimeOnly) {
        assert.equal(name in kg.service, false, `service.${name}`);
        assert.equal(name in kg.runtime, true, `runtime.${name}`);
      }
      assert.equal(kg.runtime.executionsInFlight, 0);
    } finally {
      await kg.close();
    }
  });

  test('answers not_found for unknown and malformed ids on every id-taking call', async () => {
    const kg = await startCoreKubegate();
    try {
      const alice = { principal: 'api:alice' };
      for (const id of [
        'apr_01m85bcq060kbafc7h4jspxn57',
        'apr_nope',
        '',
        '../../etc/passwd',
        'APR_01M85BCQ060KBAFC7H4JSPXN57',
      ]) {
        const outcomes = await Promise.all([
          kg.service.get(id),
          kg.service.approve(id, alice, 'rest'),
          kg.service.reject(id, alice, 'rest', 'no'),
          kg.service.cancel(id, alice, 'rest'),
          kg.service.checkDecision(id, alice, 'approve'),
          kg.service.waitFor(id, { until: () => true, timeoutMs: 0 }),
        ]);
        for (const outcome of outcomes)
          assert.deepEqual(outcome, { ok: false, error: { code: 'not_found', id } });
      }
    } finally {
      await kg.close();
    }
  });
});
