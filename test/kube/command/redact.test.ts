import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redactObjects, redactText } from '../../../src/kube/command/redact.ts';

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
