/** StatefulSet and DaemonSet controllers: every pod is replaced at once when the template changes. */
import { resource } from './resources.ts';
import type { Store } from './store.ts';
import { podFromTemplate, randomSuffix, replicasOf, templateHash, type Workload } from './template.ts';
import { isRecord, type KubeObject } from './types.ts';

const statefulSets = resource('statefulsets');
const daemonSets = resource('daemonsets');
const pods = resource('pods');
const nodes = resource('nodes');

const REVISION_LABEL = 'controller-revision-hash';

const ownedPods = (store: Store, owner: KubeObject): KubeObject[] => store.listControlledBy(pods, owner);

const readyCount = (list: KubeObject[]): number =>
  list.filter(
    (p) =>
      isRecord(p['status']) &&
      Array.isArray(p['status']['conditions']) &&
      p['status']['conditions'].some(
        (c: unknown) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True',
      ),
  ).length;

export function reconcileStatefulSet(store: Store, sts: Workload): void {
  const revision = `${sts.metadata.name}-${templateHash(sts.spec.template)}`;
  const desired = replicasOf(sts);
  const existing = ownedPods(store, sts);
  for (const pod of existing) {
    const ordinal = Number(pod.metadata.name.slice(sts.metadata.name.length + 1));
    if (ordinal >= desired || pod.metadata.labels?.[REVISION_LABEL] !== revision) store.delete(pods, pod);
  }
  for (let i = 0; i < desired; i++) {
    const name = `${sts.metadata.name}-${i}`;
    if (store.get(pods, sts.metadata.namespace, name)) continue;
    const labels = {
      [REVISION_LABEL]: revision,
      'statefulset.kubernetes.io/pod-name': name,
      'apps.kubernetes.io/pod-index': String(i),
    };
    store.create(pods, podFromTemplate(sts, name, sts.spec.template, { labels }));
  }
  const owned = ownedPods(store, sts);
  const ready = readyCount(owned);
  const status = {
    observedGeneration: sts.metadata.generation ?? 1,
    replicas: owned.length,
    readyReplicas: ready,
    currentReplicas: owned.length,
    updatedReplicas: owned.length,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
    availableReplicas: ready,
  };
  store.update(statefulSets, sts, { ...sts, status });
}

/** DaemonSet pods tolerate the unschedulable taint, so cordoned nodes keep theirs, as in a real cluster. */
export function reconcileDaemonSet(store: Store, ds: Workload): void {
  const revision = templateHash(ds.spec.template);
  const nodeNames = store.list(nodes).map((n) => n.metadata.name);
  const covered = new Set<string>();
  for (const pod of ownedPods(store, ds)) {
    const spec = pod['spec'];
    const node = isRecord(spec) && typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
    if (
      !nodeNames.includes(node) ||
      covered.has(node) ||
      pod.metadata.labels?.[REVISION_LABEL] !== revision
    ) {
      store.delete(pods, pod);
    } else covered.add(node);
  }
  for (const nodeName of nodeNames.filter((n) => !covered.has(n))) {
    const name = `${ds.metadata.name}-${randomSuffix()}`;
    store.create(
      pods,
      podFromTemplate(ds, name, ds.spec.template, { labels: { [REVISION_LABEL]: revision }, nodeName }),
    );
  }
  const owned = ownedPods(store, ds);
  const ready = readyCount(owned);
  const status = {
    currentNumberScheduled: owned.length,
    desiredNumberScheduled: nodeNames.length,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: owned.length,
    numberAvailable: ready,
  };
  store.update(daemonSets, ds, { ...ds, status });
}
