/**
 * The control plane, run synchronously after every mutation until nothing changes: garbage collector,
 * workload controllers, and a scheduler+kubelet that starts pods at once. Tests therefore never wait.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  reconcileDeployment,
  reconcileReplicaSet,
  updateDeploymentStatus,
  updateReplicaSetStatus,
} from './deployment-controller.ts';
import { RESOURCES, resource, resourceForKind } from './resources.ts';
import { reconcileDaemonSet, reconcileStatefulSet } from './set-controllers.ts';
import type { Store } from './store.ts';
import type { Workload } from './template.ts';
import { isRecord, type KubeObject } from './types.ts';

const pods = resource('pods');
const nodes = resource('nodes');

// Validation guarantees workloads carry spec.selector and spec.template before they reach the store.
const each = (store: Store, plural: string, fn: (store: Store, w: Workload) => void): void => {
  // In list order (namespace/name), without cloning every object only to read its name.
  const names = [...store.scan(resource(plural))]
    .map((w) => [w.metadata.namespace, w.metadata.name] as const)
    .sort((a, b) => `${a[0] ?? ''}/${a[1]}`.localeCompare(`${b[0] ?? ''}/${b[1]}`));
  for (const [namespace, name] of names) {
    const fresh = store.get(resource(plural), namespace, name);
    if (fresh) fn(store, fresh as Workload);
  }
};

function ownerExists(
  store: Store,
  obj: KubeObject,
  ref: { apiVersion: string; kind: string; name: string; uid: string },
): boolean {
  const r = resourceForKind(ref.apiVersion, ref.kind);
  // Owners of kinds the double does not serve are assumed alive rather than collected.
  if (!r) return true;
  return store.peek(r, obj.metadata.namespace, ref.name)?.metadata.uid === ref.uid;
}

/** Background cascading deletion: an object whose owners are all gone is deleted. */
function collectGarbage(store: Store): void {
  for (const r of RESOURCES) {
    const orphans = [...store.scan(r)].filter((obj) => {
      const refs = obj.metadata.ownerReferences ?? [];
      return refs.length > 0 && !refs.some((ref) => ownerExists(store, obj, ref));
    });
    for (const obj of orphans) store.delete(r, obj);
  }
}

function nodeIp(node: KubeObject | undefined): string {
  const status = node?.['status'];
  const addresses = isRecord(status) && Array.isArray(status['addresses']) ? status['addresses'] : [];
  const internal = addresses.find((a: unknown) => isRecord(a) && a['type'] === 'InternalIP');
  return isRecord(internal) && typeof internal['address'] === 'string' ? internal['address'] : '10.0.0.10';
}

/** Schedules a pending pod onto the first schedulable node and reports it Running and Ready. */
function startPod(store: Store, pod: KubeObject): void {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const schedulable = store
    .list(nodes)
    .filter((n) => !(isRecord(n['spec']) && n['spec']['unschedulable'] === true));
  const nodeName = typeof spec['nodeName'] === 'string' ? spec['nodeName'] : schedulable[0]?.metadata.name;
  // With nodes present but all cordoned the pod stays Pending, as the scheduler would leave it.
  if (nodeName === undefined && store.list(nodes).length > 0) return;
  const now = store.now();
  const hostIP = nodeIp(nodeName === undefined ? undefined : store.get(nodes, undefined, nodeName));
  const podIP = `10.244.0.${randomInt(2, 254)}`;
  const containers = Array.isArray(spec['containers']) ? spec['containers'].filter(isRecord) : [];
  const conditions = [
    'PodReadyToStartContainers',
    'Initialized',
    'Ready',
    'ContainersReady',
    'PodScheduled',
  ].map((type) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  }));
  const status = {
    phase: 'Running',
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    containerStatuses: containers.map((c) => ({
      name: c['name'],
      state: { running: { startedAt: now } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: c['image'],
      imageID: `${String(c['image'])}@sha256:${randomBytes(32).toString('hex')}`,
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
      started: true,
    })),
    qosClass: 'BestEffort',
  };
  store.update(pods, pod, { ...pod, spec: nodeName === undefined ? spec : { ...spec, nodeName }, status });
}

function runPendingPods(store: Store): void {
  const pending = [...store.scan(pods)].filter((pod) => {
    const phase = isRecord(pod['status']) ? pod['status']['phase'] : undefined;
    return phase === undefined || phase === 'Pending';
  });
  for (const pod of pending) {
    const fresh = store.get(pods, pod.metadata.namespace, pod.metadata.name);
    if (fresh) startPod(store, fresh);
  }
}

const MAX_PASSES = 10;

export function reconcile(store: Store): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = store.revision;
    collectGarbage(store);
    each(store, 'deployments', reconcileDeployment);
    each(store, 'replicasets', reconcileReplicaSet);
    each(store, 'statefulsets', reconcileStatefulSet);
    each(store, 'daemonsets', reconcileDaemonSet);
    runPendingPods(store);
    each(store, 'replicasets', updateReplicaSetStatus);
    each(store, 'deployments', updateDeploymentStatus);
    if (store.revision === before) return;
  }
  throw new Error(`kube-api-double controller did not settle after ${MAX_PASSES} passes`);
}
