/**
 * Server-side printing (meta.k8s.io/v1 Table), which `kubectl get` requests with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns follow the real printers for pods,
 * deployments, replicasets and nodes; other kinds get NAME and AGE.
 */
import type { ResourceType } from './resources.ts';
import { selectorString } from './selectors.ts';
import { isRecord, type JsonRecord, type KubeObject } from './types.ts';

type Cell = string | number;
interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: 'name';
  priority?: number;
  cell: (o: KubeObject, now: number) => Cell;
}

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

/** Approximates apimachinery's duration.HumanDuration, which kubectl shows in AGE. */
export function humanAge(from: string | undefined, now: number): string {
  if (from === undefined) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(from)) / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10) return `${minutes}m${seconds % 60 === 0 ? '' : `${seconds % 60}s`}`;
  if (hours < 3) return `${minutes}m`;
  if (hours < 8) return `${hours}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}`;
  if (days < 2) return `${hours}h`;
  if (days < 8) return `${days}d${hours % 24 === 0 ? '' : `${hours % 24}h`}`;
  return `${days}d`;
}

const rec = (value: unknown): JsonRecord => (isRecord(value) ? value : {});
const list = (value: unknown): JsonRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const str = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name };
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

function podStatus(o: KubeObject): string {
  const status = rec(o['status']);
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  for (const cs of list(status['containerStatuses'])) {
    const waiting = rec(rec(cs['state'])['waiting']);
    if (typeof waiting['reason'] === 'string') return waiting['reason'];
  }
  return typeof status['reason'] === 'string' ? status['reason'] : str(status['phase'], 'Unknown');
}

function podRestarts(o: KubeObject, now: number): string {
  const statuses = list(rec(o['status'])['containerStatuses']);
  const restarts = statuses.reduce((n, cs) => n + num(cs['restartCount']), 0);
  const finished = statuses
    .map((cs) => rec(rec(cs['lastState'])['terminated'])['finishedAt'])
    .filter((t): t is string => typeof t === 'string')
    .sort()
    .at(-1);
  return restarts > 0 && finished !== undefined
    ? `${restarts} (${humanAge(finished, now)} ago)`
    : String(restarts);
}

/** The event printer's times: lastTimestamp, else (events.k8s.io Events) the series' last time or eventTime. */
function eventSeen(o: KubeObject, now: number, which: 'first' | 'last'): string {
  const e = o as JsonRecord;
  const first = typeof e['firstTimestamp'] === 'string' ? e['firstTimestamp'] : str(e['eventTime'], '');
  if (which === 'first') return first ? humanAge(first, now) : '<unknown>';
  const series = rec(e['series']);
  const last =
    typeof e['lastTimestamp'] === 'string' ? e['lastTimestamp'] : str(series['lastObservedTime'], first);
  return last ? humanAge(last, now) : '<unknown>';
}

const EVENT_COLUMNS: readonly Column[] = [
  { name: 'Last Seen', type: 'string', cell: (o, now) => eventSeen(o, now, 'last') },
  { name: 'Type', type: 'string', cell: (o) => str(o['type'], '') },
  { name: 'Reason', type: 'string', cell: (o) => str(o['reason'], '') },
  {
    name: 'Object',
    type: 'string',
    cell: (o) => {
      const ref = rec(o['involvedObject']);
      const kind = str(ref['kind'], '').toLowerCase();
      return typeof ref['name'] === 'string' && ref['name'] !== '' ? `${kind}/${ref['name']}` : kind;
    },
  },
  {
    name: 'Subobject',
    type: 'string',
    priority: 1,
    cell: (o) => str(rec(o['involvedObject'])['fieldPath'], ''),
  },
  {
    name: 'Source',
    type: 'string',
    priority: 1,
    cell: (o) => {
      const source = rec(o['source']);
      const component = str(source['component'], '') || str(o['reportingComponent'], '');
      const host = str(source['host'], '') || str(o['reportingInstance'], '');
      return host ? `${component}, ${host}` : component;
    },
  },
  { name: 'Message', type: 'string', cell: (o) => str(o['message'], '').trim() },
  { name: 'First Seen', type: 'string', priority: 1, cell: (o, now) => eventSeen(o, now, 'first') },
  { name: 'Count', type: 'integer', priority: 1, cell: (o) => num(o['count']) },
  { name: 'Name', type: 'string', priority: 1, cell: (o) => o.metadata.name },
];

const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  Event: EVENT_COLUMNS,
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const statuses = list(rec(o['status'])['containerStatuses']);
        return `${statuses.filter((cs) => cs['ready'] === true).length}/${list(rec(o['spec'])['containers']).length}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: podRestarts },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => str(rec(o['status'])['podIP'], '<none>') },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => str(rec(o['spec'])['nodeName'], '<none>') },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(rec(o['status'])['readyReplicas'])}/${num(rec(o['spec'])['replicas'])}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(rec(o['status'])['updatedReplicas']) },
    { name: 'Available', type: 'integer', cell: (o) => num(rec(o['status'])['availableReplicas']) },
    age,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: (o) =>
        containers(o)
          .map((c) => String(c['name']))
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: (o) =>
        containers(o)
          .map((c) => String(c['image']))
          .join(','),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: (o) => selectorString(rec(o['spec'])['selector']),
    },
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(rec(o['spec'])['replicas']) },
    { name: 'Current', type: 'integer', cell: (o) => num(rec(o['status'])['replicas']) },
    { name: 'Ready', type: 'integer', cell: (o) => num(rec(o['status'])['readyReplicas']) },
    age,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: (o) =>
        containers(o)
          .map((c) => String(c['name']))
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: (o) =>
        containers(o)
          .map((c) => String(c['image']))
          .join(','),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: (o) => selectorString(rec(o['spec'])['selector']),
    },
  ],
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: (o) => {
        const ready =
          list(rec(o['status'])['conditions']).find((c) => c['type'] === 'Ready')?.['status'] === 'True';
        return `${ready ? 'Ready' : 'NotReady'}${rec(o['spec'])['unschedulable'] === true ? ',SchedulingDisabled' : ''}`;
      },
    },
    {
      name: 'Roles',
      type: 'string',
      cell: (o) =>
        Object.keys(o.metadata.labels ?? {})
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.slice('node-role.kubernetes.io/'.length))
          .join(',') || '<none>',
    },
    age,
    {
      name: 'Version',
      type: 'string',
      cell: (o) => str(rec(rec(o['status'])['nodeInfo'])['kubeletVersion'], ''),
    },
  ],
};

function containers(o: KubeObject): JsonRecord[] {
  return list(rec(rec(rec(o['spec'])['template'])['spec'])['containers']);
}

export function toTable(
  r: ResourceType,
  objects: readonly KubeObject[],
  resourceVersion: string,
  now: number,
): JsonRecord {
  const columns = COLUMNS[r.kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
