/** Tab-stop settings: kubectl get uses `{ minWidth: 6, padding: 3 }`, kubectl describe `{ minWidth: 0, padding: 2 }`. */
export type TabStops = { minWidth: number; padding: number };

export const GET_STOPS: TabStops = { minWidth: 6, padding: 3 };
export const DESCRIBE_STOPS: TabStops = { minWidth: 0, padding: 2 };

/**
 * Aligns tab-separated text the way Go's `text/tabwriter` does, which is what kubectl writes through: a cell
 * ended by a tab belongs to a column, the last cell of a line does not, and a column's width is set only by the
 * run of adjacent lines that have that column. That last rule is why a describe section ("Containers:") restarts
 * the alignment below it, and copying it is cheaper than approximating it.
 * @see https://pkg.go.dev/text/tabwriter
 */
export function alignTabs(text: string, stops: TabStops): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  layOut(lines, [], 0, lines.length, stops, out);
  return out.join('\n');
}

/**
 * alignTabs for lines that all have the same number of cells, a table's header and rows, without joining them
 * into text to split again: every column then spans every line, so each is as wide as its widest cell plus the
 * padding (at least the minimum), and the last cell of each line is left as it is.
 */
export function alignColumns(lines: readonly Cells[], stops: TabStops): string {
  const columns = (lines[0]?.length ?? 0) - 1;
  const widths: number[] = [];
  for (let column = 0; column < columns; column++) {
    let width = stops.minWidth;
    for (const cells of lines) width = Math.max(width, widthOf(cells[column] ?? '') + stops.padding);
    widths.push(width);
  }
  const out: string[] = [];
  for (const cells of lines) {
    let line = '';
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column] ?? '';
      line += column < columns ? pad(cell, widths[column]) : cell;
    }
    out.push(line);
  }
  return out.join('\n');
}

type Cells = readonly string[];

function layOut(
  lines: readonly Cells[],
  widths: readonly number[],
  from: number,
  to: number,
  stops: TabStops,
  out: string[],
): void {
  const column = widths.length;
  let start = from;
  for (let line = from; line < to; line++) {
    if (!hasColumn(lines[line], column)) continue;
    writeLines(lines, widths, start, line, out);
    start = line;
    let width = stops.minWidth;
    for (; line < to && hasColumn(lines[line], column); line++) {
      width = Math.max(width, widthOf(lines[line]?.[column] ?? '') + stops.padding);
    }
    layOut(lines, [...widths, width], start, line, stops, out);
    start = line;
  }
  writeLines(lines, widths, start, to, out);
}

function hasColumn(cells: Cells | undefined, column: number): boolean {
  return cells !== undefined && column < cells.length - 1;
}

function writeLines(
  lines: readonly Cells[],
  widths: readonly number[],
  from: number,
  to: number,
  out: string[],
): void {
  for (const cells of lines.slice(from, to)) {
    out.push(cells.map((cell, i) => pad(cell, i < cells.length - 1 ? widths[i] : undefined)).join(''));
  }
}

function pad(cell: string, width: number | undefined): string {
  return width === undefined ? cell : cell + ' '.repeat(Math.max(0, width - widthOf(cell)));
}

/** A UTF-16 surrogate: the one kind of code unit that is not a rune of its own. */
const SURROGATE = /[\uD800-\uDFFF]/;

// tabwriter counts runes (code points), not bytes or UTF-16 units; grapheme clusters are not its concern. Most
// cells have no surrogates, and their length is their count without walking them rune by rune.
function widthOf(cell: string): number {
  if (!SURROGATE.test(cell)) return cell.length;
  let runes = 0;
  for (const _rune of cell) runes++;
  return runes;
}
