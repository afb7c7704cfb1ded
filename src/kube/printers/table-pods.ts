import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { formatAge, toDate } from './age.ts';
import { definePrinter, nameOf } from './printer.ts';

type Tally = { restarts: number; lastRestart: Date | undefined; ready: number; reason: string };

/**
 * `kubectl get pods`, ported from kubectl's `printPod` so that STATUS reads as an operator expects:
 * a waiting or terminated container's reason wins over the pod phase, init containers report `Init:…`,
 * and a pod being deleted reads `Terminating`.
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.32/pkg/printers/internalversion/printers.go
 */
export const podPrinter = definePrinter<V1Pod>({
  headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wideHeaders: [
    'NAME',
    'READY',
    'STATUS',
    'RESTARTS',
    'AGE',
    'IP',
    'NODE',
    'NOMINATED NODE',
    'READINESS GATES',
  ],
  cells(pod, { now, wide }) {
    const tally = tallyPod(pod);
    const restarts =
      tally.restarts !== 0 && tally.lastRestart !== undefined
        ? `${tally.restarts} (${formatAge(tally.lastRestart, now)} ago)`
        : String(tally.restarts);
    const row = [
      nameOf(pod),
      `${tally.ready}/${totalContainers(pod)}`,
      tally.reason,
      restarts,
      formatAge(pod.metadata?.creationTimestamp, now),
    ];
    return wide ? [...row, ...wideCells(pod)] : row;
  },
});

/** The STATUS, READY count and restarts of a pod, exactly as kubectl derives them. */
export function tallyPod(pod: V1Pod): Tally {
  const status = pod.status;
  const phase = status?.phase ?? '';
  let tally: Tally = { restarts: 0, lastRestart: undefined, ready: 0, reason: status?.reason ?? phase };
  if (status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    tally.reason = 'SchedulingGated';
  }
  const init = tallyInitContainers(pod, tally);
  const initialized =
    status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false;
  tally =
    !init.initializing || initialized
      ? tallyContainers(pod, { ...init.sidecars, reason: init.tally.reason })
      : init.tally;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (pod.metadata?.deletionTimestamp !== undefined && status?.reason === 'NodeLost')
    tally.reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp !== undefined && !terminal) tally.reason = 'Terminating';
  return tally;
}

function tallyInitContainers(
  pod: V1Pod,
  start: Tally,
): { tally: Tally; sidecars: Tally; initializing: boolean } {
  const specs = pod.spec?.initContainers ?? [];
  const tally = { ...start };
  const sidecars = { ...start, restarts: 0, ready: 0 };
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (const [index, container] of statuses.entries()) {
    const sidecar = isSidecar(specs.find((spec) => spec.name === container.name));
    countRestarts(tally, container);
    if (sidecar) countRestarts(sidecars, container);
    const terminated = container.state?.terminated;
    if (terminated !== undefined && terminated.exitCode === 0) continue;
    if (sidecar && container.started === true) {
      if (container.ready) tally.ready++;
      continue;
    }
    tally.reason = initReason(container, index, specs.length);
    return { tally, sidecars: { ...sidecars, ready: tally.ready }, initializing: true };
  }
  return { tally, sidecars: { ...sidecars, ready: tally.ready }, initializing: false };
}

function initReason(container: V1ContainerStatus, index: number, total: number): string {
  const terminated = container.state?.terminated;
  const waiting = container.state?.waiting;
  if (terminated !== undefined) {
    if (terminated.reason) return `Init:${terminated.reason}`;
    return terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
  }
  if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
  return `Init:${index}/${total}`;
}

// kubectl walks containers last to first, so the first container with a problem names the status.
function tallyContainers(pod: V1Pod, start: Tally): Tally {
  const tally = { ...start };
  let running = false;
  for (const container of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    countRestarts(tally, container);
    const waiting = container.state?.waiting;
    const terminated = container.state?.terminated;
    if (waiting?.reason) tally.reason = waiting.reason;
    else if (terminated?.reason) tally.reason = terminated.reason;
    else if (terminated !== undefined) {
      tally.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    } else if (container.ready && container.state?.running !== undefined) {
      running = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && running) {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    tally.reason = ready ? 'Running' : 'NotReady';
  }
  return tally;
}

function countRestarts(tally: Tally, container: V1ContainerStatus): void {
  tally.restarts += container.restartCount;
  const finished = toDate(container.lastState?.terminated?.finishedAt);
  if (finished !== undefined && (tally.lastRestart === undefined || finished > tally.lastRestart)) {
    tally.lastRestart = finished;
  }
}

// A restartable init container is a sidecar: it runs alongside the app containers and counts toward READY.
function isSidecar(spec: V1Container | undefined): boolean {
  return spec?.restartPolicy === 'Always';
}

function totalContainers(pod: V1Pod): number {
  const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar).length;
  return (pod.spec?.containers.length ?? 0) + sidecars;
}

function wideCells(pod: V1Pod): string[] {
  const gates = pod.spec?.readinessGates ?? [];
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter((g) =>
    conditions.some((c) => c.type === g.conditionType && c.status === 'True'),
  ).length;
  return [
    pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    gates.length === 0 ? '<none>' : `${met}/${gates.length}`,
  ];
}
