import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProposalInputSchema } from '../../src/approvals/proposal-schema.ts';
import { toInputIssues } from '../../src/approvals/input-issues.ts';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';

test('accepts the original README example as is', () => {
  const parsed = ProposalInputSchema.parse(ORIGINAL_EXAMPLE);
  assert.equal(parsed.commands[0]?.safety_level, 'CAUTION');
  assert.equal(parsed.metadata.namespace, 'production');
});

test('keeps free extra metadata keys', () => {
  const parsed = ProposalInputSchema.parse({
    ...ORIGINAL_EXAMPLE,
    metadata: { ...ORIGINAL_EXAMPLE.metadata, alert: 'KubePodCrashLooping', count: 3 },
  });
  assert.equal(parsed.metadata.alert, 'KubePodCrashLooping');
});

const refused: [string, unknown, string][] = [
  ['no body at all', undefined, '(body)'],
  ['an array', [], '(body)'],
  ['a missing action', { ...ORIGINAL_EXAMPLE, action: undefined }, 'action'],
  ['a blank action', { ...ORIGINAL_EXAMPLE, action: '   ' }, 'action'],
  ['no commands', { ...ORIGINAL_EXAMPLE, commands: [] }, 'commands'],
  [
    'an unknown safety level',
    { ...ORIGINAL_EXAMPLE, commands: [{ ...ORIGINAL_EXAMPLE.commands[0], safety_level: 'YOLO' }] },
    'commands.0.safety_level',
  ],
  [
    'a lowercase safety level',
    { ...ORIGINAL_EXAMPLE, commands: [{ ...ORIGINAL_EXAMPLE.commands[0], safety_level: 'caution' }] },
    'commands.0.safety_level',
  ],
  [
    'a command that is not a string',
    { ...ORIGINAL_EXAMPLE, commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: { $ne: 1 } }] },
    'commands.0.command',
  ],
  [
    'a 100 KB command',
    { ...ORIGINAL_EXAMPLE, commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: 'a'.repeat(100_000) }] },
    'commands.0.command',
  ],
  [
    '21 commands',
    { ...ORIGINAL_EXAMPLE, commands: Array(21).fill(ORIGINAL_EXAMPLE.commands[0]) },
    'commands',
  ],
  ['an unknown top-level field', { ...ORIGINAL_EXAMPLE, approved: true }, '(body)'],
  [
    'an invalid namespace',
    { ...ORIGINAL_EXAMPLE, metadata: { namespace: 'Prod; rm -rf /' } },
    'metadata.namespace',
  ],
  ['an idempotency key with spaces', { ...ORIGINAL_EXAMPLE, idempotency_key: 'a b' }, 'idempotency_key'],
  [
    'a prototype-pollution key in a command',
    { ...ORIGINAL_EXAMPLE, commands: [{ ...ORIGINAL_EXAMPLE.commands[0], __proto__x: 1 }] },
    'commands.0',
  ],
];

for (const [name, input, path] of refused) {
  test(`refuses ${name} and names ${path}`, () => {
    const parsed = ProposalInputSchema.safeParse(input);
    assert.equal(parsed.success, false);
    assert.ok(parsed.error);
    const issues = toInputIssues(parsed.error);
    assert.ok(
      issues.some((i) => i.path === path),
      `expected an issue at ${path}, got ${JSON.stringify(issues)}`,
    );
  });
}
