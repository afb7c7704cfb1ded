import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REDACTED,
  redactObjects,
  redactStringsInPlace,
  redactText,
} from '../../../src/kube/command/redact.ts';

const container = (env: object[]) => ({ name: 'api', image: 'api:1', env });

test('redacts container env values in pods and every workload template, keeping names and valueFrom', () => {
  const env = [
    { name: 'STRIPE_KEY', value: 'sk_live_abcdefgh12345678' },
    { name: 'DB', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
  ];
  const pod = {
    metadata: { name: 'p' },
    spec: { containers: [container(env)], initContainers: [container(env)] },
  };
  const cronjob = {
    metadata: { name: 'c' },
    spec: { jobTemplate: { spec: { template: { spec: { containers: [container(env)] } } } } },
  };
  const redactedPod = redactObjects('pod', pod);
  assert.deepEqual(redactedPod.value.spec.containers[0]?.env, [
    { name: 'STRIPE_KEY', value: REDACTED },
    env[1],
  ]);
  assert.deepEqual(redactedPod.notes, ['2 container env value(s)']);
  assert.equal(pod.spec.containers[0]?.env[0], env[0], 'the original is untouched');
  const redactedCron = redactObjects('cronjob', [cronjob]);
  assert.deepEqual(redactedCron.value[0]?.spec.jobTemplate.spec.template.spec.containers[0]?.env[0], {
    name: 'STRIPE_KEY',
    value: REDACTED,
  });
  assert.ok(!JSON.stringify(redactedCron.value).includes('sk_live_'));
});

test('redacts ConfigMap data unless the namespace is allowed, and the last-applied annotation always', () => {
  const cm = {
    metadata: {
      name: 'db',
      namespace: 'production',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"URL":"x"}}' },
    },
    data: { URL: 'postgres://app:hunter2@db/app' },
    binaryData: { cert: 'AAAA' },
  };
  const hidden = redactObjects('configmap', cm);
  assert.deepEqual(hidden.value.data, { URL: REDACTED });
  assert.deepEqual(hidden.value.binaryData, { cert: REDACTED });
  assert.equal(
    hidden.value.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    REDACTED,
  );
  const shown = redactObjects('configmap', cm, { configMapNamespaces: ['production'] });
  // Allowed data is shown, but a password inside it is still scrubbed.
  assert.equal(shown.value.data.URL, `postgres://app:${REDACTED}@db/app`);
});

test('scrubs secret-shaped strings in free text and says what it scrubbed', () => {
  const { value, notes } = redactText(
    'connecting to redis://:pw@redis:6379 with xoxb-1234567890-abcdef and -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
  );
  assert.ok(!/pw@|xoxb-1234567890|MIIE/.test(value), value);
  assert.equal(notes.length, 3);
  assert.deepEqual(redactText('nothing to see').notes, []);
});

test('finds each secret shape on its own, in a string or a table cell', () => {
  // One shape per string: what decides whether a string is looked at closely must let each one through.
  const shapes = [
    ['HTTPS://deploy:hunter2@git.example.com/repo', 'hunter2'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1r\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1r'],
    ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', '4eC39HqLyjWDarjtT1zdp7dc'],
    ['xapp-1-A0123456789-abcdef', 'A0123456789'],
    ['ghp_abcdefghijklmnopqrstuvwxyz012345', 'abcdefghijklmnop'],
    ['AKIAIOSFODNN7EXAMPLE', 'IOSFODNN7EXAMPLE'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXNpZw', 'eyJzdWIiOiIxMjM0In0'],
  ] as const;
  for (const [text, secret] of shapes) {
    const scrubbed = redactText(text);
    assert.ok(!scrubbed.value.includes(secret), scrubbed.value);
    assert.equal(scrubbed.notes.length, 1, text);
    const cells: unknown[][] = [['name', 3, null, text]];
    const inCells = redactStringsInPlace(cells);
    assert.ok(!String(cells[0]?.[3]).includes(secret), String(cells[0]?.[3]));
    assert.equal(inCells.notes.length, 1, text);
  }
});
