import type { ApiTable } from '../api/list-objects.ts';
import { alignTabs, GET_STOPS } from './align.ts';

/** How `kubectl get` lays a Table out: `-o wide`, `-A` (a NAMESPACE column), and the namespace an empty answer names. */
export type TableLayout = { wide: boolean; withNamespace: boolean; namespace: string | null };

/**
 * The text `kubectl get` prints for the API server's Table, without a trailing newline: column names upper-cased,
 * only priority-0 columns unless wide, NAMESPACE first with -A, aligned by the same tab stops. The server does the
 * printing for every kind it serves, so kubegate carries no per-kind printer.
 * @see https://github.com/kubernetes/cli-runtime/blob/master/pkg/printers/tableprinter.go
 */
export function renderTable(table: ApiTable, layout: TableLayout): string {
  if (table.rows.length === 0) return noResources(layout);
  const shown = table.columnDefinitions.flatMap((column, i) =>
    layout.wide || column.priority === 0 ? [i] : [],
  );
  const header = [...(layout.withNamespace ? ['NAMESPACE'] : []), ...shown.map((i) => headerOf(table, i))];
  const rows = table.rows.map((row) => [
    ...(layout.withNamespace ? [namespaceOf(row) ?? ''] : []),
    ...shown.map((i) => formatCell(row.cells[i])),
  ]);
  return alignTabs([header, ...rows].map((cells) => cells.join('\t')).join('\n'), GET_STOPS);
}

/**
 * The Table as agents get it: one record per row, keyed by the headers kubectl prints (NAMESPACE first with -A),
 * with every column the server sent (the `-o wide` ones too) and each cell as the server typed it.
 */
export function tableRecords(table: ApiTable, withNamespace: boolean): Record<string, unknown>[] {
  return table.rows.map((row) => {
    const record: Record<string, unknown> = {};
    if (withNamespace) record.NAMESPACE = namespaceOf(row) ?? null;
    table.columnDefinitions.forEach((_, i) => {
      record[headerOf(table, i)] = row.cells[i] ?? null;
    });
    return record;
  });
}

const headerOf = (table: ApiTable, column: number): string =>
  table.columnDefinitions[column]?.name.toUpperCase() ?? '';

/** Where a row's object lives, from the metadata the server sends with -A (includeObject=Metadata). */
const namespaceOf = (row: ApiTable['rows'][number]): string | undefined => row.object?.metadata?.namespace;

/** kubectl's stderr line for an empty list, returned as the answer itself. */
function noResources({ withNamespace, namespace }: TableLayout): string {
  return !withNamespace && namespace !== null
    ? `No resources found in ${namespace} namespace.`
    : 'No resources found';
}

/**
 * As kubectl prints a cell: nothing for null, a string cut at its first line break with `...` after it (so one row
 * stays one line), anything else as Go's fmt.Sprint would. A tab would split the cell, so it becomes a space.
 */
function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const end = cell.search(/[\f\n\r]/);
    const text = end < 0 ? cell : `${cell.slice(0, end)}...`;
    return text.replaceAll('\t', ' ');
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}
