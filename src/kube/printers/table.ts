import type { ApiTable } from '../api/list-objects.ts';
import { alignColumns, GET_STOPS } from './align.ts';

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
  const headers = headersOf(table);
  const lines = [[...(layout.withNamespace ? ['NAMESPACE'] : []), ...shown.map((i) => headers[i] ?? '')]];
  for (const row of table.rows) {
    const cells = layout.withNamespace ? [namespaceOf(row) ?? ''] : [];
    for (const i of shown) cells.push(formatCell(row.cells[i]));
    lines.push(cells);
  }
  return alignColumns(lines, GET_STOPS);
}

/**
 * The Table as agents get it: one record per row, keyed by the headers kubectl prints (NAMESPACE first with -A),
 * with every column the server sent (the `-o wide` ones too) and each cell as the server typed it.
 */
export function tableRecords(table: ApiTable, withNamespace: boolean): Record<string, unknown>[] {
  const headers = headersOf(table);
  return table.rows.map((row) => {
    const record: Record<string, unknown> = {};
    if (withNamespace) record.NAMESPACE = namespaceOf(row) ?? null;
    for (let i = 0; i < headers.length; i++) record[headers[i] ?? ''] = row.cells[i] ?? null;
    return record;
  });
}

/** The column names as kubectl prints them, upper-cased, once per table rather than once per cell. */
const headersOf = (table: ApiTable): string[] =>
  table.columnDefinitions.map((column) => column.name.toUpperCase());

/** Where a row's object lives, from the metadata the server sends with -A (includeObject=Metadata). */
const namespaceOf = (row: ApiTable['rows'][number]): string | undefined => row.object?.metadata?.namespace;

/** kubectl's stderr line for an empty list, returned as the answer itself. */
function noResources({ withNamespace, namespace }: TableLayout): string {
  return !withNamespace && namespace !== null
    ? `No resources found in ${namespace} namespace.`
    : 'No resources found';
}

const BREAK_OR_TAB = /[\t\f\n\r]/;

/**
 * As kubectl prints a cell: nothing for null, a string cut at its first line break with `...` after it (so one row
 * stays one line), anything else as Go's fmt.Sprint would. A tab would split the cell, so it becomes a space.
 */
function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    // Nearly every cell has none of these: one test, and no new strings for it.
    if (!BREAK_OR_TAB.test(cell)) return cell;
    const end = cell.search(/[\f\n\r]/);
    const text = end < 0 ? cell : `${cell.slice(0, end)}...`;
    return text.replaceAll('\t', ' ');
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}
