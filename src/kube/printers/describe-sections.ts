import type { CoreV1Event, V1Toleration } from '@kubernetes/client-node';
import { formatAge, type Timestamp, toDate } from './age.ts';
import { compare } from './labels.ts';

/**
 * Describe output is built as tab-separated lines and aligned once at the end (see align.ts), the way kubectl
 * writes through one tabwriter. Indentation is two spaces per level, as kubectl's PrefixWriter gives.
 */
export type Lines = string[];

// kubectl shortens long annotation values (`maxAnnotationLen`).
const MAX_ANNOTATION = 140;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function indent(level: number): string {
  return '  '.repeat(level);
}

/** A value fit for one tab-separated cell: tabs and newlines inside it would break the alignment. */
export function clean(value: string | number | boolean | undefined | null): string {
  return String(value ?? '').replace(/[\t\r\n]+/g, ' ');
}

/** Go's `time.RFC1123Z`, in UTC because a server-side renderer has no viewer's time zone. */
export function rfc1123z(value: Timestamp | undefined): string {
  const date = toDate(value);
  return date === undefined ? '<unknown>' : date.toUTCString().replace(/GMT$/, '+0000');
}

export function yesNo(value: boolean | undefined): string {
  return value === true ? 'True' : 'False';
}

/** `Labels:  a=b` with further pairs on continuation lines, or `<none>`. */
export function mapLines(
  title: string,
  map: Readonly<Record<string, string>> | undefined,
  level = 0,
  separator = '=',
): Lines {
  const keys = Object.keys(map ?? {})
    .filter((key) => key !== LAST_APPLIED)
    .sort(compare);
  if (keys.length === 0) return [`${indent(level)}${title}:\t<none>`];
  return keys.map((key, i) => {
    const pair = `${key}${separator}${map?.[key] ?? ''}`;
    const shown =
      separator === '=' || pair.length <= MAX_ANNOTATION ? pair : `${pair.slice(0, MAX_ANNOTATION)}...`;
    return `${i === 0 ? `${indent(level)}${title}:` : indent(level)}\t${clean(shown)}`;
  });
}

/** Annotations, minus kubectl's last-applied-configuration blob, as `key: value`. */
export function annotationLines(map: Readonly<Record<string, string>> | undefined, level = 0): Lines {
  return mapLines('Annotations', map, level, ': ');
}

export function tolerationLines(tolerations: readonly V1Toleration[] | undefined, level = 0): Lines {
  const texts = (tolerations ?? []).map((t) => {
    const base = `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
    // An Exists toleration without key or effect tolerates everything.
    const exists = t.operator === 'Exists' && !t.value ? (base === '' ? 'op=Exists' : ' op=Exists') : '';
    const seconds = t.tolerationSeconds === undefined ? '' : ` for ${t.tolerationSeconds}s`;
    return `${base}${exists}${seconds}`;
  });
  return listLines('Tolerations', texts, level);
}

/** A title with one value per line, or `<none>`. */
export function listLines(title: string, values: readonly string[], level = 0): Lines {
  if (values.length === 0) return [`${indent(level)}${title}:\t<none>`];
  return values.map(
    (value, i) => `${i === 0 ? `${indent(level)}${title}:` : indent(level)}\t${clean(value)}`,
  );
}

/** `Limits:` / `Requests:` blocks, resource names sorted. */
export function resourceLines(
  title: string,
  list: Readonly<Record<string, string>> | undefined,
  level: number,
): Lines {
  const names = Object.keys(list ?? {}).sort(compare);
  if (names.length === 0) return [];
  return [
    `${indent(level)}${title}:`,
    ...names.map((name) => `${indent(level + 1)}${name}:\t${clean(list?.[name])}`),
  ];
}

/**
 * kubectl's `DescribeEvents`: oldest first, with `12m (x5 over 1h)` for a repeated event.
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
export function eventLines(events: readonly CoreV1Event[], now: Date): Lines {
  if (events.length === 0) return ['Events:\t<none>'];
  const rows = [...events]
    .sort((a, b) => timeOf(a) - timeOf(b))
    .map((e) => {
      const first = formatAge(e.eventTime ?? e.firstTimestamp, now);
      const interval = e.series
        ? `${formatAge(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`
        : (e.count ?? 0) > 1
          ? `${formatAge(e.lastTimestamp, now)} (x${e.count ?? 0} over ${first})`
          : first;
      const source = e.source?.component || e.reportingComponent || '';
      return `  ${[e.type, e.reason, interval, source, (e.message ?? '').trim()].map(clean).join('\t')}`;
    });
  return ['Events:', '  Type\tReason\tAge\tFrom\tMessage', '  ----\t------\t----\t----\t-------', ...rows];
}

function timeOf(event: CoreV1Event): number {
  return toDate(event.lastTimestamp ?? event.eventTime)?.getTime() ?? 0;
}
