import { stringify } from 'yaml';
import type { Kind, OutputFormat } from '../command/model.ts';
import { renderTable } from './table.ts';

/** What a get renders besides its objects. Without `allNamespaces`, a missing `namespace` means `-A`. */
export type RenderOptions = { now: Date; namespace?: string; allNamespaces?: boolean };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

type TypeMeta = { apiVersion: string; kind: string; resource: string };

// client-node leaves apiVersion and kind off list items; kubectl's -o json/yaml/name always shows them.
const TYPE_META: Readonly<Record<Kind, TypeMeta>> = {
  pod: { apiVersion: 'v1', kind: 'Pod', resource: 'pod' },
  service: { apiVersion: 'v1', kind: 'Service', resource: 'service' },
  node: { apiVersion: 'v1', kind: 'Node', resource: 'node' },
  namespace: { apiVersion: 'v1', kind: 'Namespace', resource: 'namespace' },
  event: { apiVersion: 'v1', kind: 'Event', resource: 'event' },
  configmap: { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmap' },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployment.apps' },
  replicaset: { apiVersion: 'apps/v1', kind: 'ReplicaSet', resource: 'replicaset.apps' },
  statefulset: { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulset.apps' },
  daemonset: { apiVersion: 'apps/v1', kind: 'DaemonSet', resource: 'daemonset.apps' },
  job: { apiVersion: 'batch/v1', kind: 'Job', resource: 'job.batch' },
  cronjob: { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjob.batch' },
};

// MicroTime fields keep six fractional digits on the wire; every other time is whole seconds.
const MICRO_TIME_KEYS = new Set(['eventTime', 'lastObservedTime']);

/**
 * `kubectl get -o …` for objects client-node returned, without a trailing newline. A named get (`single`) prints
 * the object itself; otherwise json and yaml print a `v1 List` as kubectl does.
 */
export function renderObjects(
  op: { kind: Kind; output: OutputFormat },
  items: readonly object[],
  single: boolean,
  opts: RenderOptions,
): string {
  switch (op.output) {
    case 'table':
    case 'wide':
      return renderTable(op.kind, items, {
        wide: op.output === 'wide',
        now: opts.now,
        allNamespaces: opts.allNamespaces ?? opts.namespace === undefined,
        ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
      });
    case 'json':
      return JSON.stringify(toDocument(op.kind, items, single), null, 2);
    case 'yaml':
      // YAML 1.1 quotes what a 1.1 reader would retype (timestamps, yes/no/on/off), as kubectl's go-yaml does;
      // kubectl also leaves sequences unindented under their key.
      return stringify(toDocument(op.kind, items, single), {
        version: '1.1',
        indentSeq: false,
        lineWidth: 0,
      }).trimEnd();
    case 'name':
      return items.map((item) => `${TYPE_META[op.kind].resource}/${nameOf(item)}`).join('\n');
  }
}

/** The JSON value `-o json` and `-o yaml` print: one object, or a List of them. */
export function toDocument(kind: Kind, items: readonly object[], single: boolean): Json {
  const objects = items.map((item) => withTypeMeta(kind, item));
  const [first] = objects;
  if (single && first !== undefined && objects.length === 1) return first;
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

function withTypeMeta(kind: Kind, item: object): Json {
  const { apiVersion, kind: kindName } = TYPE_META[kind];
  const wire = toWire(item);
  const fields = isRecord(wire) ? wire : {};
  const { apiVersion: ownVersion, kind: ownKind, ...rest } = fields;
  return { apiVersion: ownVersion ?? apiVersion, kind: ownKind ?? kindName, ...rest };
}

/**
 * The wire form of a client-node value: Dates as Kubernetes writes times (RFC 3339 in UTC, `…:05Z`), undefined
 * fields dropped. Done once here so JSON and YAML agree, and YAML never sees a Date to turn into a timestamp.
 */
export function toWire(value: unknown, key = ''): Json {
  if (value instanceof Date) return formatTime(value, MICRO_TIME_KEYS.has(key));
  if (Array.isArray(value)) return value.map((entry: unknown) => toWire(entry ?? null));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    return Object.fromEntries(entries.map(([name, field]) => [name, toWire(field, name)]));
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

function formatTime(date: Date, micro: boolean): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return micro ? iso.replace(/Z$/, '000Z') : iso.replace(/\.\d{3}Z$/, 'Z');
}

function isRecord(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(item: object): string {
  return (item as { metadata?: { name?: string } }).metadata?.name ?? '';
}
