import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { Kind } from '../../../src/kube/command/model.ts';
import { renderObjects } from '../../../src/kube/printers/objects.ts';
import { crashingPod, deployment, event, healthyPod, now } from './fixtures.ts';

test('prints one named object as JSON with its type filled in and times as Kubernetes writes them', () => {
  const json = JSON.parse(renderObjects({ kind: 'deployment', output: 'json' }, [deployment], true, { now }));
  assert.equal(json.apiVersion, 'apps/v1');
  assert.equal(json.kind, 'Deployment');
  assert.equal(json.metadata.name, 'api');
  assert.equal(json.metadata.creationTimestamp, '2026-01-30T12:00:00Z');
});

test('prints apiVersion and kind first, with two-space indentation', () => {
  const text = renderObjects({ kind: 'pod', output: 'json' }, [healthyPod], true, { now });
  assert.ok(text.startsWith('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {'), text);
});

test('wraps a listing in a v1 List', () => {
  const json = JSON.parse(
    renderObjects({ kind: 'pod', output: 'json' }, [crashingPod, healthyPod], false, { now }),
  );
  assert.deepEqual(Object.keys(json), ['apiVersion', 'items', 'kind', 'metadata']);
  assert.equal(json.kind, 'List');
  assert.deepEqual(json.metadata, { resourceVersion: '' });
  assert.deepEqual(
    json.items.map((p: any) => [p.kind, p.metadata.name]),
    [
      ['Pod', 'api-7b4f9d-x2k4q'],
      ['Pod', 'web-5d8c7-abcde'],
    ],
  );
  assert.equal(
    json.items[0].status.containerStatuses[0].lastState.terminated.finishedAt,
    '2026-03-01T11:48:00Z',
  );
});

test('prints an empty listing as an empty List', () => {
  assert.deepEqual(JSON.parse(renderObjects({ kind: 'pod', output: 'json' }, [], false, { now })).items, []);
});

test('keeps an apiVersion and kind the object already has', () => {
  const json = JSON.parse(
    renderObjects(
      { kind: 'pod', output: 'json' },
      [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }],
      true,
      { now },
    ),
  );
  assert.deepEqual(json, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } });
});

test('writes MicroTime fields with six fractional digits', () => {
  const json = JSON.parse(
    renderObjects(
      { kind: 'event', output: 'json' },
      [event('BackOff', 'x', { eventTime: new Date('2026-03-01T11:59:55.123Z') })],
      true,
      { now },
    ),
  );
  assert.equal(json.eventTime, '2026-03-01T11:59:55.123000Z');
  assert.equal(json.firstTimestamp, '2026-03-01T11:58:00Z');
});

test('prints YAML with quoted timestamps and kubectl-style sequences', () => {
  const text = renderObjects({ kind: 'deployment', output: 'yaml' }, [deployment], true, { now });
  assert.ok(text.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n'), text);
  assert.match(text, /^ {2}creationTimestamp: "2026-01-30T12:00:00Z"$/m);
  assert.match(text, /^ {6}containers:\n {6}- name: api$/m);
  assert.match(text, /^ {4}status: "True"$/m);
  assert.equal(parse(text).metadata.creationTimestamp, '2026-01-30T12:00:00Z');
});

test('prints a YAML listing as a List', () => {
  const doc = parse(renderObjects({ kind: 'pod', output: 'yaml' }, [crashingPod], false, { now }));
  assert.equal(doc.kind, 'List');
  assert.equal(doc.items[0].kind, 'Pod');
});

const names: readonly (readonly [Kind, string])[] = [
  ['pod', 'pod/x'],
  ['service', 'service/x'],
  ['node', 'node/x'],
  ['namespace', 'namespace/x'],
  ['event', 'event/x'],
  ['configmap', 'configmap/x'],
  ['deployment', 'deployment.apps/x'],
  ['replicaset', 'replicaset.apps/x'],
  ['statefulset', 'statefulset.apps/x'],
  ['daemonset', 'daemonset.apps/x'],
  ['job', 'job.batch/x'],
  ['cronjob', 'cronjob.batch/x'],
];

for (const [kind, expected] of names) {
  test(`names a ${kind} as ${expected}`, () => {
    assert.equal(
      renderObjects({ kind, output: 'name' }, [{ metadata: { name: 'x' } }], true, { now }),
      expected,
    );
  });
}

test('prints one name per line', () => {
  assert.equal(
    renderObjects({ kind: 'pod', output: 'name' }, [crashingPod, healthyPod], false, { now }),
    'pod/api-7b4f9d-x2k4q\npod/web-5d8c7-abcde',
  );
});

test('renders table and wide output, treating a missing namespace as -A', () => {
  const table = renderObjects({ kind: 'pod', output: 'table' }, [healthyPod], false, {
    now,
    namespace: 'shop',
  });
  assert.ok(table.startsWith('NAME '));
  const wide = renderObjects({ kind: 'pod', output: 'wide' }, [healthyPod], false, { now });
  assert.ok(wide.startsWith('NAMESPACE '));
  assert.match(wide, / IP +NODE /);
  assert.equal(
    renderObjects({ kind: 'pod', output: 'table' }, [], false, { now, namespace: 'shop' }),
    'No resources found in shop namespace.',
  );
});
