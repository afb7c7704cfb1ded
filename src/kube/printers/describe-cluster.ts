import type { V1Node, V1NodeCondition, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { annotationLines, clean, type Lines, listLines, mapLines, rfc1123z } from './describe-sections.ts';
import { compare, formatLabels } from './labels.ts';

/** `kubectl describe node` down to Events; the non-terminated pod list and allocation summary need pods, so they are left out. */
export function describeNode(node: V1Node): Lines {
  const { metadata: meta, spec, status } = node;
  const roles = nodeRoles(node);
  const info = status?.nodeInfo;
  const system: readonly (readonly [string, string | undefined])[] = [
    ['Machine ID', info?.machineID],
    ['System UUID', info?.systemUUID],
    ['Boot ID', info?.bootID],
    ['Kernel Version', info?.kernelVersion],
    ['OS Image', info?.osImage],
    ['Operating System', info?.operatingSystem],
    ['Architecture', info?.architecture],
    ['Container Runtime Version', info?.containerRuntimeVersion],
    ['Kubelet Version', info?.kubeletVersion],
  ];
  return [
    `Name:\t${clean(meta?.name)}`,
    `Roles:\t${roles.length === 0 ? '<none>' : roles.join(',')}`,
    ...mapLines('Labels', meta?.labels),
    ...annotationLines(meta?.annotations),
    `CreationTimestamp:\t${rfc1123z(meta?.creationTimestamp)}`,
    ...taintLines(node),
    `Unschedulable:\t${spec?.unschedulable === true}`,
    ...nodeConditionLines(status?.conditions ?? []),
    'Addresses:',
    ...(status?.addresses ?? []).map((a) => `  ${clean(a.type)}:\t${clean(a.address)}`),
    ...quantityLines('Capacity', status?.capacity),
    ...quantityLines('Allocatable', status?.allocatable),
    'System Info:',
    ...system.map(([label, value]) => `  ${label}:\t${clean(value)}`),
    ...(spec?.podCIDR ? [`PodCIDR:\t${spec.podCIDR}`] : []),
    ...(spec?.podCIDRs?.length ? [`PodCIDRs:\t${spec.podCIDRs.join(',')}`] : []),
    ...(spec?.providerID ? [`ProviderID:\t${spec.providerID}`] : []),
  ];
}

// kubectl sorts taints by effect, then key.
function taintLines(node: V1Node): Lines {
  const taints = [...(node.spec?.taints ?? [])].sort((a, b) =>
    compare(`${a.effect},${a.key}`, `${b.effect},${b.key}`),
  );
  return listLines(
    'Taints',
    taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
  );
}

function nodeConditionLines(conditions: readonly V1NodeCondition[]): Lines {
  if (conditions.length === 0) return [];
  return [
    'Conditions:',
    '  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage',
    '  ----\t------\t-----------------\t------------------\t------\t-------',
    ...conditions.map((c) => {
      const cells = [
        c.type,
        c.status,
        rfc1123z(c.lastHeartbeatTime),
        rfc1123z(c.lastTransitionTime),
        c.reason,
      ];
      return `  ${cells.map((cell) => `${clean(cell)} `).join('\t')}\t${clean(c.message)}`;
    }),
  ];
}

function quantityLines(title: string, list: Readonly<Record<string, string>> | undefined): Lines {
  const names = Object.keys(list ?? {}).sort(compare);
  if (names.length === 0) return [];
  return [`${title}:`, ...names.map((name) => `  ${name}:\t${clean(list?.[name])}`)];
}

/** `kubectl describe service` down to Events, without the Endpoints lines (they need an EndpointSlice read). */
export function describeService(svc: V1Service): Lines {
  const { metadata: meta, spec, status } = svc;
  const ingress = (status?.loadBalancer?.ingress ?? [])
    .map((i) => i.ip ?? i.hostname ?? '')
    .filter((v) => v !== '');
  return [
    `Name:\t${clean(meta?.name)}`,
    `Namespace:\t${clean(meta?.namespace)}`,
    ...mapLines('Labels', meta?.labels),
    ...annotationLines(meta?.annotations),
    `Selector:\t${clean(formatLabels(spec?.selector))}`,
    `Type:\t${clean(spec?.type)}`,
    ...(spec?.ipFamilyPolicy ? [`IP Family Policy:\t${spec.ipFamilyPolicy}`] : []),
    `IP Families:\t${spec?.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}`,
    `IP:\t${clean(spec?.clusterIP)}`,
    ...(spec?.clusterIPs?.length ? [`IPs:\t${spec.clusterIPs.join(',')}`] : []),
    ...(spec?.externalIPs?.length ? [`External IPs:\t${spec.externalIPs.join(',')}`] : []),
    ...(spec?.loadBalancerIP ? [`IP:\t${spec.loadBalancerIP}`] : []),
    ...(spec?.externalName ? [`External Name:\t${spec.externalName}`] : []),
    ...(ingress.length > 0 ? [`LoadBalancer Ingress:\t${ingress.join(', ')}`] : []),
    ...(spec?.ports ?? []).flatMap(portLines),
    `Session Affinity:\t${clean(spec?.sessionAffinity ?? 'None')}`,
    ...(spec?.externalTrafficPolicy ? [`External Traffic Policy:\t${spec.externalTrafficPolicy}`] : []),
    ...(spec?.internalTrafficPolicy ? [`Internal Traffic Policy:\t${spec.internalTrafficPolicy}`] : []),
  ];
}

function portLines(port: V1ServicePort): Lines {
  const name = port.name || '<unset>';
  const protocol = port.protocol ?? 'TCP';
  return [
    `Port:\t${clean(name)}\t${port.port}/${protocol}`,
    `TargetPort:\t${clean(port.targetPort ?? port.port)}/${protocol}`,
    ...(port.nodePort ? [`NodePort:\t${clean(name)}\t${port.nodePort}/${protocol}`] : []),
  ];
}

/** Roles from `node-role.kubernetes.io/<role>` label keys and the older `kubernetes.io/role` value, sorted. */
function nodeRoles(node: V1Node): string[] {
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
