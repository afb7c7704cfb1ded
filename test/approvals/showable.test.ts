import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlannedCommand } from '../../src/approvals/model.ts';
import {
  MAX_SHOWN_COMMAND,
  namespaceMismatch,
  shownCommand,
  unshowable,
} from '../../src/approvals/showable.ts';
import { raiseForRepeat } from '../../src/approvals/repeat.ts';
import { pendingApproval } from '../support/approvals.ts';

const planned = (over: Partial<PlannedCommand>): PlannedCommand => ({
  command: 'kubectl get pods',
  explanation: 'x',
  safetyLevel: 'SAFE',
  risk: 'read',
  riskReasons: [],
  ...over,
});

test('shows the canonical form with whitespace runs collapsed, never a raw string that hides its end', () => {
  assert.equal(
    shownCommand(planned({ command: `kubectl delete pod debug${' '.repeat(1300)}-n production` })),
    'kubectl delete pod debug -n production',
  );
  assert.equal(
    shownCommand(planned({ command: 'kubectl  get   pods', canonical: 'kubectl get pods -n default' })),
    'kubectl get pods -n default',
  );
});

test('refuses, naming the limit, a command too long to be shown whole', () => {
  const long = planned({
    canonical: `kubectl get pods -n production -l 'app in (${'a,'.repeat(MAX_SHOWN_COMMAND)}b)'`,
  });
  const issues = unshowable([planned({}), long]);
  assert.equal(issues.length, 1);
  const [issue] = issues;
  assert.ok(issue);
  assert.equal(issue.path, 'commands.1.command');
  assert.match(issue.message, new RegExp(`the limit is ${MAX_SHOWN_COMMAND}`));
  assert.deepEqual(unshowable([planned({ canonical: 'k'.repeat(MAX_SHOWN_COMMAND) })]), []);
});

test('flags a metadata.namespace that is not where the commands run', () => {
  const commands = [planned({ namespace: 'production' }), planned({ namespace: null })];
  assert.equal(
    namespaceMismatch({ commands, metadata: { namespace: 'staging' } }),
    'metadata.namespace says staging, but the commands run in production',
  );
  assert.equal(namespaceMismatch({ commands, metadata: { namespace: 'production' } }), null);
  assert.equal(namespaceMismatch({ commands, metadata: {} }), null);
});

test('a repeat raises a command to its higher rating, never lowers one, and says so', () => {
  const a = pendingApproval('change');
  const [first] = a.proposal.commands;
  assert.ok(first);
  assert.equal(raiseForRepeat(a, [{ ...first, risk: 'read' }], 'now'), undefined);
  assert.equal(raiseForRepeat(a, [{ ...first, risk: 'change' }], 'now'), undefined);
  const raised = raiseForRepeat(
    a,
    [
      {
        ...first,
        risk: 'dangerous',
        safetyLevel: 'DANGEROUS',
        riskReasons: ['the agent rated it DANGEROUS'],
      },
    ],
    'now',
  );
  assert.ok(raised);
  assert.equal(raised.version, a.version + 1);
  assert.equal(raised.proposal.riskRaisedAt, 'now');
  const [command] = raised.proposal.commands;
  assert.ok(command);
  assert.equal(command.risk, 'dangerous');
  assert.equal(command.safetyLevel, 'DANGEROUS');
  assert.deepEqual(command.riskReasons, [
    'raised to dangerous by a repeat of this proposal: the agent rated it DANGEROUS',
  ]);
});
