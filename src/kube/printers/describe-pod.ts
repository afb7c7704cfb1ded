import type {
  V1Container,
  V1ContainerState,
  V1ContainerStatus,
  V1Pod,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { humanDuration, toDate } from './age.ts';
import {
  annotationLines,
  clean,
  indent,
  type Lines,
  mapLines,
  resourceLines,
  rfc1123z,
  tolerationLines,
  yesNo,
} from './describe-sections.ts';

/** `kubectl describe pod` down to (not including) Events; volumes, probes and environment are left out. */
export function describePod(pod: V1Pod, now: Date): Lines {
  const { metadata: meta, spec, status } = pod;
  const deleting =
    meta?.deletionTimestamp !== undefined && status?.phase !== 'Failed' && status?.phase !== 'Succeeded';
  return [
    `Name:\t${clean(meta?.name)}`,
    `Namespace:\t${clean(meta?.namespace)}`,
    ...(spec?.priority === undefined ? [] : [`Priority:\t${spec.priority}`]),
    ...(spec?.priorityClassName ? [`Priority Class Name:\t${spec.priorityClassName}`] : []),
    ...(spec?.serviceAccountName ? [`Service Account:\t${spec.serviceAccountName}`] : []),
    `Node:\t${spec?.nodeName ? `${spec.nodeName}/${status?.hostIP ?? ''}` : '<none>'}`,
    ...(status?.startTime === undefined ? [] : [`Start Time:\t${rfc1123z(status.startTime)}`]),
    ...mapLines('Labels', meta?.labels),
    ...annotationLines(meta?.annotations),
    ...(deleting ? terminatingLines(pod, now) : [`Status:\t${clean(status?.phase)}`]),
    ...(status?.reason ? [`Reason:\t${clean(status.reason)}`] : []),
    ...(status?.message ? [`Message:\t${clean(status.message)}`] : []),
    `IP:\t${clean(status?.podIP)}`,
    ...podIpLines(pod),
    ...controllerLines(pod),
    ...(status?.nominatedNodeName ? [`NominatedNodeName:\t${status.nominatedNodeName}`] : []),
    ...(spec?.initContainers?.length
      ? containerLines('Init Containers', spec.initContainers, status?.initContainerStatuses, 0)
      : []),
    ...containerLines('Containers', spec?.containers ?? [], status?.containerStatuses, 0),
    ...conditionLines(pod),
    ...(status?.qosClass ? [`QoS Class:\t${status.qosClass}`] : []),
    ...mapLines('Node-Selectors', spec?.nodeSelector),
    ...tolerationLines(spec?.tolerations),
  ];
}

function terminatingLines(pod: V1Pod, now: Date): Lines {
  const deadline = toDate(pod.metadata?.deletionTimestamp);
  const left = deadline === undefined ? '<unknown>' : humanDuration(deadline.getTime() - now.getTime());
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  return [
    `Status:\tTerminating (lasts ${left})`,
    ...(grace === undefined ? [] : [`Termination Grace Period:\t${grace}s`]),
  ];
}

function podIpLines(pod: V1Pod): Lines {
  const ips = pod.status?.podIPs ?? [];
  if (ips.length === 0) return ['IPs:\t<none>'];
  return ['IPs:', ...ips.map((ip) => `  IP:\t${clean(ip.ip)}`)];
}

function controllerLines(pod: V1Pod): Lines {
  const owner = pod.metadata?.ownerReferences?.find((ref) => ref.controller === true);
  return owner === undefined ? [] : [`Controlled By:\t${owner.kind}/${owner.name}`];
}

function conditionLines(pod: V1Pod): Lines {
  const conditions = pod.status?.conditions ?? [];
  if (conditions.length === 0) return [];
  return [
    'Conditions:',
    '  Type\tStatus',
    ...conditions.map((c) => `  ${clean(c.type)} \t${clean(c.status)}`),
  ];
}

/**
 * A `Containers:` section. `level` is 0 for a pod and 1 inside a pod template, where kubectl indents the title
 * and, by one space, the container name, but not the fields below it.
 */
export function containerLines(
  title: string,
  containers: readonly V1Container[],
  statuses: readonly V1ContainerStatus[] | undefined,
  level: number,
): Lines {
  const nameIndent = indent(1) + (level > 0 ? ' ' : '');
  const fields = indent(2);
  return [
    `${indent(level)}${title}:`,
    ...containers.flatMap((container) => {
      const status = statuses?.find((s) => s.name === container.name);
      const ports = (container.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
      const hostPorts = (container.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`);
      return [
        `${nameIndent}${clean(container.name)}:`,
        ...(status === undefined ? [] : [`${fields}Container ID:\t${clean(status.containerID)}`]),
        `${fields}Image:\t${clean(container.image)}`,
        ...(status === undefined ? [] : [`${fields}Image ID:\t${clean(status.imageID)}`]),
        `${fields}${ports.length > 1 ? 'Ports' : 'Port'}:\t${ports.join(', ') || '<none>'}`,
        `${fields}${hostPorts.length > 1 ? 'Host Ports' : 'Host Port'}:\t${hostPorts.join(', ') || '<none>'}`,
        ...(container.command?.length
          ? [`${fields}Command:`, ...container.command.map((c) => `${fields}  ${clean(c)}`)]
          : []),
        ...(container.args?.length
          ? [`${fields}Args:`, ...container.args.map((a) => `${fields}  ${clean(a)}`)]
          : []),
        ...(status === undefined ? [] : statusLines(status, 2)),
        ...resourceLines('Limits', container.resources?.limits, 2),
        ...resourceLines('Requests', container.resources?.requests, 2),
      ];
    }),
  ];
}

function statusLines(status: V1ContainerStatus, level: number): Lines {
  return [
    ...stateLines('State', status.state, level),
    ...(status.lastState?.terminated === undefined ? [] : stateLines('Last State', status.lastState, level)),
    `${indent(level)}Ready:\t${yesNo(status.ready)}`,
    `${indent(level)}Restart Count:\t${status.restartCount}`,
  ];
}

function stateLines(title: string, state: V1ContainerState | undefined, level: number): Lines {
  const head = indent(level);
  const detail = indent(level + 1);
  if (state?.running)
    return [`${head}${title}:\tRunning`, `${detail}Started:\t${rfc1123z(state.running.startedAt)}`];
  const terminated = state?.terminated;
  if (terminated === undefined) {
    const reason = state?.waiting?.reason;
    return [`${head}${title}:\tWaiting`, ...(reason ? [`${detail}Reason:\t${clean(reason)}`] : [])];
  }
  return [
    `${head}${title}:\tTerminated`,
    ...(terminated.reason ? [`${detail}Reason:\t${clean(terminated.reason)}`] : []),
    ...(terminated.message ? [`${detail}Message:\t${clean(terminated.message)}`] : []),
    `${detail}Exit Code:\t${terminated.exitCode}`,
    ...(terminated.signal ? [`${detail}Signal:\t${terminated.signal}`] : []),
    `${detail}Started:\t${rfc1123z(terminated.startedAt)}`,
    `${detail}Finished:\t${rfc1123z(terminated.finishedAt)}`,
  ];
}

/** kubectl's `DescribePodTemplate`, as deployments (and the other workloads) show it. */
export function podTemplateLines(template: V1PodTemplateSpec | undefined): Lines {
  const spec = template?.spec;
  const annotations = template?.metadata?.annotations ?? {};
  return [
    'Pod Template:',
    ...mapLines('Labels', template?.metadata?.labels, 1),
    ...(Object.keys(annotations).length > 0 ? annotationLines(annotations, 1) : []),
    ...(spec?.serviceAccountName ? [`  Service Account:\t${spec.serviceAccountName}`] : []),
    ...(spec?.initContainers?.length
      ? containerLines('Init Containers', spec.initContainers, undefined, 1)
      : []),
    ...containerLines('Containers', spec?.containers ?? [], undefined, 1),
    ...(spec?.priorityClassName ? [`  Priority Class Name:\t${spec.priorityClassName}`] : []),
    ...mapLines('Node-Selectors', spec?.nodeSelector, 1),
    ...tolerationLines(spec?.tolerations, 1),
  ];
}
