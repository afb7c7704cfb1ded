import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy } from '../../src/approvals/policy-document.ts';
import {
  globMatches,
  isSelfApproval,
  mayDecide,
  personOfActor,
  requirementsOf,
  type Policy,
} from '../../src/approvals/policy.ts';
import type { PlannedCommand } from '../../src/approvals/model.ts';
import { loadPolicy } from '../../src/policy-file.ts';

const compile = (doc: unknown): Policy => {
  const r = compilePolicy(doc, { source: 'test', selfApproval: 'forbidden' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
};
const issuesOf = (doc: unknown): string[] => {
  const r = compilePolicy(doc, { source: 'test', selfApproval: 'forbidden' });
  assert.ok(!r.ok, 'the policy is refused');
  return r.error.map((i) => `${i.path}: ${i.message}`);
};
const command = (over: Partial<PlannedCommand>): PlannedCommand => ({
  command: 'kubectl x',
  explanation: 'e',
  safetyLevel: 'CAUTION',
  risk: 'change',
  riskReasons: [],
  verb: 'scale',
  kind: 'deployment',
  namespace: 'production',
  ...over,
});

const DOC = {
  people: {
    alice: ['api:alice', 'slack:U0ALICE0001', 'email:Alice@Example.com'],
    bob: ['api:bob', 'slack:U0BOB000001'],
  },
  groups: { sre: ['alice', 'bob', 'slack-group:S0SRE000001'], leads: ['sre', 'api:carol'] },
  rules: [
    {
      name: 'prod-dangerous',
      match: { namespaces: ['prod-*', 'production'], risk: 'dangerous' },
      approvers: ['sre'],
      quorum: 2,
      ttl: '15m',
    },
    { name: 'nodes', match: { verbs: ['cordon', 'uncordon'] }, approvers: ['leads'], quorum: 1 },
    { name: 'default', approvers: ['sre'] },
  ],
};

describe('policy file', () => {
  test('compiles people, nested groups and rules; identities of a person stand for the person', () => {
    const p = compile(DOC);
    assert.deepEqual(p.rules[0]?.approvers, ['person:alice', 'person:bob', 'slack-group:S0SRE000001']);
    assert.deepEqual(p.rules[1]?.approvers, [
      'person:alice',
      'person:bob',
      'slack-group:S0SRE000001',
      'api:carol',
    ]);
    assert.equal(p.rules[0].ttlMs, 15 * 60_000);
    assert.deepEqual(p.rules[2]!.match, {});
    assert.equal(p.rules[2]!.quorum, 1);
    assert.deepEqual(
      p.people.alice,
      ['api:alice', 'slack:U0ALICE0001', 'email:alice@example.com'],
      'emails compare case-insensitively',
    );
  });

  test('lists every problem by its path', () => {
    const issues = issuesOf({
      people: { alice: ['api:alice'], bob: ['api:alice', 'phone:123'] },
      groups: { sre: ['alice', 'nobody'], loop: ['loop'] },
      rules: [
        { name: 'r', match: { namespace: ['x'] }, approvers: ['sre'] },
        { name: 'q', approvers: ['alice'], quorum: 2, ttl: 'soon' },
      ],
      extra: true,
    });
    const text = issues.join('\n');
    assert.match(text, /people\.bob\[1\]: expected an identity/);
    assert.match(text, /rules\[0\]\.match: Unrecognized key: "namespace"/i);
    assert.match(text, /rules\[1\]\.ttl: expected a duration/);
    assert.match(text, /\(file\): Unrecognized key: "extra"/i);
    const semantic = issuesOf({
      people: { alice: ['api:alice'], bob: ['api:alice'] },
      groups: { sre: ['alice', 'nobody'], loop: ['loop'] },
      rules: [
        { name: 'q', approvers: ['alice'], quorum: 2 },
        { name: 'q', approvers: ['sre'] },
      ],
    }).join('\n');
    assert.match(semantic, /people\.bob\[0\]: api:alice is already alice's/);
    assert.match(semantic, /groups\.sre\[1\]: "nobody" is neither a person, a group nor an identity/);
    assert.match(semantic, /group "loop" contains itself/);
    assert.match(semantic, /rules\[0\]\.quorum: quorum 2 needs more people than the rule's 1 approver/);
    assert.match(semantic, /rules\[1\]\.name: rule name "q" is used twice/);
  });

  test('reads YAML and JSON files; a missing or malformed file is a clear problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubegate-policy-unit-'));
    const yaml = join(dir, 'p.yaml');
    writeFileSync(yaml, 'rules:\n  - name: default\n    approvers: ["*"]\n');
    const json = join(dir, 'p.json');
    writeFileSync(json, JSON.stringify(DOC));
    const base = { approvers: [], dangerousQuorum: 2, singleLocalUser: false };
    assert.ok(loadPolicy({ ...base, policyFile: yaml }).ok);
    assert.ok(loadPolicy({ ...base, policyFile: json }).ok);
    const missing = loadPolicy({ ...base, policyFile: join(dir, 'nope.yaml') });
    assert.ok(!missing.ok && /cannot read .*ENOENT/.test(missing.error[0]!.message));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules: [\n');
    const broken = loadPolicy({ ...base, policyFile: bad });
    assert.ok(!broken.ok && /not valid YAML/.test(broken.error[0]!.message));
  });
});

describe('requirements and deciders', () => {
  const p = compile(DOC);

  test("the first matching rule per command; the proposal takes the largest quorum, every rule's approvers, the shortest ttl", () => {
    const needs = requirementsOf(
      p.rules,
      [
        command({ risk: 'dangerous', namespace: 'prod-eu' }),
        command({ verb: 'cordon', kind: 'node', namespace: null }),
      ],
      30 * 60_000,
    );
    assert.ok(needs.ok);
    assert.deepEqual(needs.value.rules, ['prod-dangerous', 'nodes']);
    assert.deepEqual(needs.value.commandRules, ['prod-dangerous', 'nodes']);
    assert.equal(needs.value.quorum, 2);
    assert.equal(needs.value.ttlMs, 15 * 60_000);
    // carol is a lead but not in sre: the prod-dangerous rule does not accept her.
    assert.equal(mayDecide(needs.value, p, { principal: 'api:carol' }), false);
    assert.equal(mayDecide(needs.value, p, { principal: 'slack:U0ALICE0001' }), true);
    assert.equal(mayDecide(needs.value, p, { principal: 'slack:U0SOMEONE1', groups: ['S0SRE000001'] }), true);
  });

  test('a cluster-scoped command never matches a namespaced rule; a command no rule covers is reported', () => {
    const strict = compile({ rules: [{ name: 'prod', match: { namespaces: ['*'] }, approvers: ['api:a'] }] });
    const needs = requirementsOf(strict.rules, [
      command({ verb: 'cordon', kind: 'node', namespace: null, command: 'kubectl cordon n1' }),
    ]);
    assert.deepEqual(needs, { ok: false, error: { command: 'kubectl cordon n1' } });
  });

  test('globs are anchored and only * is special', () => {
    assert.equal(globMatches('prod-*', 'prod-eu'), true);
    assert.equal(globMatches('prod-*', 'preprod-eu'), false);
    assert.equal(globMatches('a.b', 'axb'), false);
  });

  test('one person behind several identities, found by email from Slack too', () => {
    assert.equal(personOfActor(p, { principal: 'api:alice' }), 'person:alice');
    assert.equal(
      personOfActor(p, { principal: 'slack:U0ANOTHER1', aliases: ['email:alice@example.com'] }),
      'person:alice',
    );
    assert.equal(
      personOfActor(p, { principal: 'api:zed' }),
      'api:zed',
      'an unlisted identity is a person of its own',
    );
    assert.equal(isSelfApproval(p, 'api:alice', { principal: 'slack:U0ALICE0001' }), true);
    assert.equal(isSelfApproval(p, 'api:alice', { principal: 'api:bob' }), false);
    assert.equal(
      isSelfApproval({ ...p, selfApproval: 'single-local-user' }, 'api:local', { principal: 'api:local' }),
      false,
    );
  });
});
