import type { V1LabelSelector } from '@kubernetes/client-node';

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
