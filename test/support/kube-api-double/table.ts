/**
 * Server-side printing (meta.k8s.io/v1 Table), which `kubectl get` requests with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns (and their priorities: 1 = `-o wide` only)
 * follow the real printers of Kubernetes 1.32 (pkg/printers/internalversion/printers.go) for every kind kubegate
 * reads; another kind gets NAME and AGE, as a CRD without printer columns does. `includeObject=Object` puts the
 * whole object in each row (the default, Metadata, a PartialObjectMetadata), as the real server does.
 */
import { apiVersionOf, type ResourceType } from './resources.ts';
import { selectorString } from './selectors.ts';
import { isRecord, type JsonRecord, type KubeObject } from './types.ts';

type Cell = string | number;
interface Column {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean';
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

const labelsText = (labels: unknown): string =>
  Object.entries(rec(labels))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',') || '<none>';

/** CONTAINERS, IMAGES and SELECTOR of a workload whose pod template is at `template`. */
const templateColumns = (
  template: (o: KubeObject) => JsonRecord,
  selector: (o: KubeObject) => unknown,
): Column[] => [
  {
    name: 'Containers',
    type: 'string',
    priority: 1,
    cell: (o) =>
      list(rec(rec(template(o))['spec'])['containers'])
        .map((c) => String(c['name']))
        .join(','),
  },
  {
    name: 'Images',
    type: 'string',
    priority: 1,
    cell: (o) =>
      list(rec(rec(template(o))['spec'])['containers'])
        .map((c) => String(c['image']))
        .join(','),
  },
  { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorString(selector(o)) },
];
const podTemplate = (o: KubeObject): JsonRecord => rec(rec(o['spec'])['template']);
const specSelector = (o: KubeObject): unknown => rec(o['spec'])['selector'];

function servicePorts(o: KubeObject): string {
  const ports = list(rec(o['spec'])['ports']).map((p) => {
    const node = typeof p['nodePort'] === 'number' ? `:${p['nodePort']}` : '';
    return `${num(p['port'])}${node}/${str(p['protocol'], 'TCP')}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

function externalIp(o: KubeObject): string {
  const spec = rec(o['spec']);
  const external = Array.isArray(spec['externalIPs']) ? (spec['externalIPs'] as string[]) : [];
  const ingress = list(rec(rec(o['status'])['loadBalancer'])['ingress']).map((i) =>
    str(i['ip'], str(i['hostname'], '')),
  );
  switch (str(spec['type'], 'ClusterIP')) {
    case 'LoadBalancer': {
      const all = [...ingress, ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec['externalName'], '<none>');
    default:
      return external.length > 0 ? external.join(',') : '<none>';
  }
}

// The order matters: a finished job stays Complete or Failed even while it is being deleted.
function jobStatus(o: KubeObject): string {
  const has = (type: string): boolean =>
    list(rec(o['status'])['conditions']).some((c) => c['type'] === type && c['status'] === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function jobCompletions(o: KubeObject): string {
  const spec = rec(o['spec']);
  const succeeded = num(rec(o['status'])['succeeded']);
  if (typeof spec['completions'] === 'number') return `${succeeded}/${spec['completions']}`;
  const parallelism = num(spec['parallelism']);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: KubeObject, now: number): string {
  const status = rec(o['status']);
  const start = status['startTime'];
  if (typeof start !== 'string') return '';
  const end = typeof status['completionTime'] === 'string' ? Date.parse(status['completionTime']) : now;
  return humanAge(start, end);
}

const NODE_INFO = (field: string) => (o: KubeObject) => {
  const value = str(rec(rec(o['status'])['nodeInfo'])[field], '');
  return value === '' ? '<unknown>' : value;
};
const nodeAddress = (type: string) => (o: KubeObject) =>
  str(list(rec(o['status'])['addresses']).find((a) => a['type'] === type)?.['address'], '<none>');

const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  Event: EVENT_COLUMNS,
  Service: [
    name,
    { name: 'Type', type: 'string', cell: (o) => str(rec(o['spec'])['type'], 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => str(rec(o['spec'])['clusterIP'], '<none>') },
    { name: 'External-IP', type: 'string', cell: externalIp },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    age,
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => labelsText(rec(o['spec'])['selector']) },
  ],
  StatefulSet: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(rec(o['status'])['readyReplicas'])}/${num(rec(o['spec'])['replicas'])}`,
    },
    age,
    ...templateColumns(podTemplate, specSelector).slice(0, 2),
  ],
  DaemonSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(rec(o['status'])['desiredNumberScheduled']) },
    { name: 'Current', type: 'integer', cell: (o) => num(rec(o['status'])['currentNumberScheduled']) },
    { name: 'Ready', type: 'integer', cell: (o) => num(rec(o['status'])['numberReady']) },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(rec(o['status'])['updatedNumberScheduled']) },
    { name: 'Available', type: 'integer', cell: (o) => num(rec(o['status'])['numberAvailable']) },
    {
      name: 'Node Selector',
      type: 'string',
      cell: (o) => labelsText(rec(rec(podTemplate(o)['spec']))['nodeSelector']),
    },
    age,
    ...templateColumns(podTemplate, specSelector),
  ],
  Namespace: [name, { name: 'Status', type: 'string', cell: (o) => str(rec(o['status'])['phase'], '') }, age],
  ConfigMap: [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(rec(o['data'])).length + Object.keys(rec(o['binaryData'])).length,
    },
    age,
  ],
  Job: [
    name,
    { name: 'Status', type: 'string', cell: jobStatus },
    { name: 'Completions', type: 'string', cell: jobCompletions },
    { name: 'Duration', type: 'string', cell: jobDuration },
    age,
    ...templateColumns(podTemplate, specSelector),
  ],
  CronJob: [
    name,
    { name: 'Schedule', type: 'string', cell: (o) => str(rec(o['spec'])['schedule'], '') },
    { name: 'Timezone', type: 'string', cell: (o) => str(rec(o['spec'])['timeZone'], '<none>') },
    {
      name: 'Suspend',
      type: 'boolean',
      cell: (o) => {
        const suspend = rec(o['spec'])['suspend'];
        return suspend === undefined ? '<unset>' : suspend === true ? 'True' : 'False';
      },
    },
    { name: 'Active', type: 'integer', cell: (o) => list(rec(o['status'])['active']).length },
    {
      name: 'Last Schedule',
      type: 'string',
      cell: (o, now) => {
        const last = rec(o['status'])['lastScheduleTime'];
        return typeof last === 'string' ? humanAge(last, now) : '<none>';
      },
    },
    age,
    ...templateColumns(
      (o) => rec(rec(rec(rec(o['spec'])['jobTemplate'])['spec'])['template']),
      (o) => rec(rec(rec(o['spec'])['jobTemplate'])['spec'])['selector'],
    ),
  ],
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
    { name: 'Internal-IP', type: 'string', priority: 1, cell: nodeAddress('InternalIP') },
    { name: 'External-IP', type: 'string', priority: 1, cell: nodeAddress('ExternalIP') },
    { name: 'OS-Image', type: 'string', priority: 1, cell: NODE_INFO('osImage') },
    { name: 'Kernel-Version', type: 'string', priority: 1, cell: NODE_INFO('kernelVersion') },
    { name: 'Container-Runtime', type: 'string', priority: 1, cell: NODE_INFO('containerRuntimeVersion') },
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
  includeObject: string | null,
): JsonRecord {
  const columns = COLUMNS[r.kind] ?? [name, age];
  const objectOf = (o: KubeObject): JsonRecord | undefined => {
    if (includeObject === 'None') return undefined;
    if (includeObject === 'Object') return { ...o, apiVersion: apiVersionOf(r), kind: r.kind };
    return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
  };
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
      ...(objectOf(o) === undefined ? {} : { object: objectOf(o) }),
    })),
  };
}
