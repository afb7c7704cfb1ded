import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { renderObjects } from '../../../src/kube/printers/objects.ts';

// Objects as the API server sends them (listObjects has filled in apiVersion and kind): plain JSON, string times.
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', creationTimestamp: '2026-01-30T12:00:00Z' },
  spec: { containers: [{ name: 'api', image: 'api:1.0', args: ['--port', '8080'] }] },
});

test('prints one named object as JSON, as the server sent it, with two-space indentation', () => {
  const text = renderObjects('pod', 'json', [pod('a')], true);
  assert.ok(text.startsWith('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {'), text);
  assert.deepEqual(JSON.parse(text), pod('a'));
});

test('wraps a listing in a v1 List, and an empty one too', () => {
  const json = JSON.parse(renderObjects('pod', 'json', [pod('a'), pod('b')], false));
  assert.deepEqual(Object.keys(json), ['apiVersion', 'items', 'kind', 'metadata']);
  assert.deepEqual(json.metadata, { resourceVersion: '' });
  assert.deepEqual(
    json.items.map((p: any) => p.metadata.name),
    ['a', 'b'],
  );
  assert.deepEqual(JSON.parse(renderObjects('pod', 'json', [], false)).items, []);
});

test('prints YAML with quoted timestamps and kubectl-style sequences', () => {
  const text = renderObjects('pod', 'yaml', [pod('a')], true);
  assert.match(text, /creationTimestamp: "2026-01-30T12:00:00Z"/);
  assert.match(text, /\n {4}args:\n {4}- --port\n/);
  assert.deepEqual(parse(text), pod('a'));
});

test('prints one resource.group/name per line', () => {
  assert.equal(renderObjects('pod', 'name', [pod('a'), pod('b')], false), 'pod/a\npod/b');
  assert.equal(
    renderObjects('deployment', 'name', [{ metadata: { name: 'api' } }], false),
    'deployment.apps/api',
  );
});
