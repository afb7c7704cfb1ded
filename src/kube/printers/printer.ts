import type { V1Container, V1LabelSelector, V1ObjectMeta } from '@kubernetes/client-node';

/** What every row of one `kubectl get` table can see besides its object. */
export type RowContext = { now: Date; wide: boolean };

/** One kind's table: its header row, its header row under `-o wide`, and the cells of one object. */
export type Printer = {
  headers: readonly string[];
  wideHeaders: readonly string[];
  cells: (item: object, context: RowContext) => string[];
};

/**
 * Narrows a printer to its client-node type in this one place: the executor hands over what the typed
 * client-node list call returned for the same kind, so the object is already of that shape.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T exists to narrow `object` once, here.
export function definePrinter<T extends object>(printer: {
  headers: readonly string[];
  wideHeaders?: readonly string[];
  cells: (item: T, context: RowContext) => string[];
}): Printer {
  const { headers, wideHeaders = headers, cells } = printer;
  return { headers, wideHeaders, cells: (item, context) => cells(item as T, context) };
}

export function nameOf(item: { metadata?: V1ObjectMeta }): string {
  return item.metadata?.name ?? '';
}

/** kubectl's CONTAINERS and IMAGES cells (`layoutContainerCells`). */
export function containerCells(containers: readonly V1Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {})
    .sort(([a], [b]) => compare(a, b))
    .map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}

/**
 * `metav1.LabelSelectorAsSelector(...).String()`: every requirement sorted by key, matchLabels as `k=v`.
 * An absent selector selects nothing and an empty one everything; kubectl prints both as ''.
 */
export function formatSelector(selector: V1LabelSelector | undefined): string {
  const equals = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({
    key,
    text: `${key}=${value}`,
  }));
  const expressions = (selector?.matchExpressions ?? []).map(({ key, operator, values }) => {
    const set = `(${[...(values ?? [])].sort(compare).join(',')})`;
    const text: Record<string, string> = {
      In: `${key} in ${set}`,
      NotIn: `${key} notin ${set}`,
      DoesNotExist: `!${key}`,
    };
    return { key, text: text[operator] ?? key };
  });
  return [...equals, ...expressions]
    .sort((a, b) => compare(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** Byte-wise ordering, as Go's sort.Strings gives (localeCompare would not). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
