import type {
  CoreV1Event,
  V1ConfigMap,
  V1Namespace,
  V1Node,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import { formatAge } from './age.ts';
import { compare, definePrinter, formatLabels, nameOf } from './printer.ts';

// Column sets and cell rules follow kubectl 1.32's printers.go.

export const servicePrinter = definePrinter<V1Service>({
  headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideHeaders: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
  cells(svc, { now, wide }) {
    const ports = formatServicePorts(svc.spec?.ports);
    const row = [
      nameOf(svc),
      svc.spec?.type ?? '',
      svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>',
      externalIp(svc, wide),
      ports === '' ? '<none>' : ports,
      formatAge(svc.metadata?.creationTimestamp, now),
    ];
    return wide ? [...row, formatLabels(svc.spec?.selector)] : row;
  },
});

/** `80/TCP,443:30443/TCP`: a node port follows the service port. */
export function formatServicePorts(ports: readonly V1ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}` : `${p.port}`) + `/${p.protocol ?? 'TCP'}`)
    .join(',');
}

function externalIp(svc: V1Service, wide: boolean): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = loadBalancerIngress(svc, wide);
      const all = [...(ingress === '' ? [] : ingress.split(',')), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    case undefined:
    default:
      return '<unknown>';
  }
}

// kubectl shortens a long ingress list in the narrow table only.
function loadBalancerIngress(svc: V1Service, wide: boolean): string {
  const text = (svc.status?.loadBalancer?.ingress ?? [])
    .flatMap((i) => [i.ip, i.hostname].filter((v): v is string => v !== undefined && v !== ''))
    .join(',');
  return !wide && text.length > 16 ? `${text.slice(0, 13)}...` : text;
}

export const nodePrinter = definePrinter<V1Node>({
  headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideHeaders: [
    'NAME',
    'STATUS',
    'ROLES',
    'AGE',
    'VERSION',
    'INTERNAL-IP',
    'EXTERNAL-IP',
    'OS-IMAGE',
    'KERNEL-VERSION',
    'CONTAINER-RUNTIME',
  ],
  cells(node, { now, wide }) {
    const info = node.status?.nodeInfo;
    const roles = nodeRoles(node);
    const row = [
      nameOf(node),
      nodeStatus(node),
      roles.length === 0 ? '<none>' : roles.join(','),
      formatAge(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
    ];
    if (!wide) return row;
    const address = (type: string): string =>
      node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
    const known = (value: string | undefined): string => (value ? value : '<unknown>');
    return [
      ...row,
      address('InternalIP'),
      address('ExternalIP'),
      known(info?.osImage),
      known(info?.kernelVersion),
      known(info?.containerRuntimeVersion),
    ];
  },
});

function nodeStatus(node: V1Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` label keys and the older `kubernetes.io/role` value, sorted. */
export function nodeRoles(node: V1Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort(compare);
}

export const namespacePrinter = definePrinter<V1Namespace>({
  headers: ['NAME', 'STATUS', 'AGE'],
  cells: (ns, { now }) => [
    nameOf(ns),
    ns.status?.phase ?? '',
    formatAge(ns.metadata?.creationTimestamp, now),
  ],
});

export const configMapPrinter = definePrinter<V1ConfigMap>({
  headers: ['NAME', 'DATA', 'AGE'],
  cells(cm, { now }) {
    const count = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [nameOf(cm), String(count), formatAge(cm.metadata?.creationTimestamp, now)];
  },
});

export const eventPrinter = definePrinter<CoreV1Event>({
  headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  wideHeaders: [
    'LAST SEEN',
    'TYPE',
    'REASON',
    'OBJECT',
    'SUBOBJECT',
    'SOURCE',
    'MESSAGE',
    'FIRST SEEN',
    'COUNT',
    'NAME',
  ],
  cells(ev, { now, wide }) {
    const firstSeen = formatAge(ev.firstTimestamp ?? ev.eventTime, now);
    const lastSeen = ev.series
      ? formatAge(ev.series.lastObservedTime, now)
      : ev.lastTimestamp === undefined
        ? firstSeen
        : formatAge(ev.lastTimestamp, now);
    // Singleton events in the events.k8s.io API carry no count.
    const count = ev.series ? (ev.series.count ?? 0) : ev.count || 1;
    const kind = (ev.involvedObject.kind ?? '').toLowerCase();
    const target = ev.involvedObject.name ? `${kind}/${ev.involvedObject.name}` : kind;
    const message = (ev.message ?? '').trim();
    if (!wide) return [lastSeen, ev.type ?? '', ev.reason ?? '', target, message];
    const source = [
      ev.source?.component || ev.reportingComponent || '',
      ev.source?.host || ev.reportingInstance || '',
    ];
    const sourceText = source[1] === '' ? (source[0] ?? '') : source.join(', ');
    // Under -o wide kubectl moves MESSAGE after SUBOBJECT and SOURCE.
    return [
      lastSeen,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      ev.involvedObject.fieldPath ?? '',
      sourceText,
      message,
      firstSeen,
      String(count),
      nameOf(ev),
    ];
  },
});
