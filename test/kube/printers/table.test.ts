import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiTable } from '../../../src/kube/api/list-objects.ts';
import { renderTable, tableRecords } from '../../../src/kube/printers/table.ts';

const table: ApiTable = {
  columnDefinitions: [
    { name: 'Name', priority: 0 },
    { name: 'Status', priority: 0 },
    { name: 'Restarts', priority: 0 },
    { name: 'Node', priority: 1 },
  ],
  rows: [
    { cells: ['api-1', 'Running', 0, 'node-1'], object: { metadata: { namespace: 'production' } } },
    {
      cells: ['api-2', 'Error:\tOOM\nkilled at 12:00', 7, null],
      object: { metadata: { namespace: 'staging' } },
    },
    {
      cells: ['api-3', { phase: 'Pending' }, true, 'node-2'],
      object: { metadata: { namespace: 'production' } },
    },
  ],
};

test('prints a Table as kubectl get does: a cell cut at its first line break, a tab as a space, any value', () => {
  assert.equal(
    renderTable(table, { wide: false, withNamespace: false, namespace: 'production' }),
    [
      'NAME    STATUS                RESTARTS',
      'api-1   Running               0',
      'api-2   Error: OOM...         7',
      'api-3   {"phase":"Pending"}   true',
    ].join('\n'),
  );
});

test('shows the wide columns with -o wide, and NAMESPACE first with -A', () => {
  assert.equal(
    renderTable(table, { wide: true, withNamespace: true, namespace: null }),
    [
      'NAMESPACE    NAME    STATUS                RESTARTS   NODE',
      'production   api-1   Running               0          node-1',
      'staging      api-2   Error: OOM...         7          ',
      'production   api-3   {"phase":"Pending"}   true       node-2',
    ].join('\n'),
  );
});

test('says there is nothing in the namespace, as kubectl does, for an empty Table', () => {
  const empty = { ...table, rows: [] };
  assert.equal(
    renderTable(empty, { wide: false, withNamespace: false, namespace: 'production' }),
    'No resources found in production namespace.',
  );
  assert.equal(
    renderTable(empty, { wide: false, withNamespace: true, namespace: null }),
    'No resources found',
  );
});

test('gives agents every column, wide ones too, as the server typed each cell', () => {
  assert.deepEqual(tableRecords(table, true), [
    { NAMESPACE: 'production', NAME: 'api-1', STATUS: 'Running', RESTARTS: 0, NODE: 'node-1' },
    { NAMESPACE: 'staging', NAME: 'api-2', STATUS: 'Error:\tOOM\nkilled at 12:00', RESTARTS: 7, NODE: null },
    { NAMESPACE: 'production', NAME: 'api-3', STATUS: { phase: 'Pending' }, RESTARTS: true, NODE: 'node-2' },
  ]);
  assert.deepEqual(Object.keys(tableRecords(table, false)[0] ?? {}), ['NAME', 'STATUS', 'RESTARTS', 'NODE']);
});
