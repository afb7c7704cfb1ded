/** Deployment and ReplicaSet controllers, collapsed to an instant Recreate-like rollout the tests can observe. */
import { resource } from './resources.ts';
import type { Store } from './store.ts';
import {
  HASH_LABEL,
  REVISION,
  condition,
  controllerRef,
  podFromTemplate,
  randomSuffix,
  replicasOf,
  sameTemplate,
  templateHash,
  type Workload,
} from './template.ts';
import { isRecord, type KubeObject } from './types.ts';

const deployments = resource('deployments');
const replicaSets = resource('replicasets');
const pods = resource('pods');

// Callers hand in objects that passed workload validation, so spec.template and spec.selector exist.
const asWorkload = (o: KubeObject): Workload => o as Workload;
const revisionOf = (o: KubeObject): number => Number(o.metadata.annotations?.[REVISION] ?? 0);

function ownedReplicaSets(store: Store, dep: KubeObject): Workload[] {
  return store.listControlledBy(replicaSets, dep).map(asWorkload);
}

function newReplicaSet(store: Store, dep: Workload, revision: number): Workload {
  const hash = templateHash(dep.spec.template);
  const template = structuredClone(dep.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
  const matchLabels = isRecord(dep.spec.selector['matchLabels']) ? dep.spec.selector['matchLabels'] : {};
  const created = store.create(replicaSets, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${dep.metadata.name}-${hash}`,
      namespace: dep.metadata.namespace ?? 'default',
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: { ...template.metadata.labels },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicasOf(dep)),
        'deployment.kubernetes.io/max-replicas': String(replicasOf(dep) + 1),
        [REVISION]: String(revision),
      },
      ownerReferences: [controllerRef(dep)],
    },
    spec: {
      replicas: 0,
      selector: { ...dep.spec.selector, matchLabels: { ...matchLabels, [HASH_LABEL]: hash } },
      template,
    },
  });
  return asWorkload(created);
}

/** Picks or creates the ReplicaSet for the current template, giving a reused one the next revision. */
export function reconcileDeployment(store: Store, dep: Workload): void {
  const owned = ownedReplicaSets(store, dep);
  const maxRevision = Math.max(0, ...owned.map(revisionOf));
  let current = owned.find((rs) => sameTemplate(rs.spec.template, dep.spec.template));
  if (!current) current = newReplicaSet(store, dep, maxRevision + 1);
  else if (revisionOf(current) < maxRevision) {
    const annotations = { ...current.metadata.annotations, [REVISION]: String(maxRevision + 1) };
    current = asWorkload(
      store.update(replicaSets, current, { ...current, metadata: { ...current.metadata, annotations } }),
    );
  }
  for (const rs of ownedReplicaSets(store, dep)) {
    const replicas = rs.metadata.uid === current.metadata.uid ? replicasOf(dep) : 0;
    const annotations = {
      ...rs.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(replicasOf(dep)),
    };
    store.update(replicaSets, rs, {
      ...rs,
      metadata: { ...rs.metadata, annotations },
      spec: { ...rs.spec, replicas },
    });
  }
  const revision = current.metadata.annotations?.[REVISION] ?? '1';
  const annotations = { ...dep.metadata.annotations, [REVISION]: revision };
  store.update(deployments, dep, { ...dep, metadata: { ...dep.metadata, annotations } });
}

export function reconcileReplicaSet(store: Store, rs: Workload): void {
  const owned = store.listControlledBy(pods, rs);
  const desired = replicasOf(rs);
  for (let i = owned.length; i < desired; i++) {
    store.create(pods, podFromTemplate(rs, `${rs.metadata.name}-${randomSuffix()}`, rs.spec.template, {}));
  }
  // The real controller deletes the youngest pods first when scaling down.
  const youngestFirst = owned.sort((a, b) =>
    b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp),
  );
  for (const pod of youngestFirst.slice(0, Math.max(0, owned.length - desired))) store.delete(pods, pod);
}

const isReady = (pod: KubeObject): boolean =>
  isRecord(pod['status']) &&
  Array.isArray(pod['status']['conditions']) &&
  pod['status']['conditions'].some(
    (c: unknown) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True',
  );

const omitZero = (fields: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== 0));

export function updateReplicaSetStatus(store: Store, rs: Workload): void {
  const owned = store.listControlledBy(pods, rs);
  const ready = owned.filter(isReady).length;
  const status = {
    replicas: owned.length,
    ...omitZero({ fullyLabeledReplicas: owned.length, readyReplicas: ready, availableReplicas: ready }),
    observedGeneration: rs.metadata.generation ?? 1,
  };
  store.update(replicaSets, rs, { ...rs, status });
}

/** Fields and conditions `kubectl rollout status` reads to decide a rollout is complete. */
export function updateDeploymentStatus(store: Store, dep: Workload): void {
  const owned = ownedReplicaSets(store, dep);
  const current = owned.find((rs) => sameTemplate(rs.spec.template, dep.spec.template));
  const count = (rs: Workload | undefined, field: string): number => {
    const value = rs?.status?.[field];
    return typeof value === 'number' ? value : 0;
  };
  const sum = (field: string): number => owned.reduce((n, rs) => n + count(rs, field), 0);
  const desired = replicasOf(dep);
  const replicas = sum('replicas');
  const available = sum('availableReplicas');
  const updated = count(current, 'replicas');
  const now = store.now();
  const previous = dep.status?.['conditions'];
  const rsName = current?.metadata.name ?? '';
  const done = updated === desired && replicas === desired && available === desired;
  const conditions = [
    available >= desired
      ? condition(
          previous,
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
        )
      : condition(
          previous,
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        ),
    done
      ? condition(
          previous,
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
          now,
        )
      : condition(
          previous,
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          `ReplicaSet "${rsName}" is progressing.`,
          now,
        ),
  ];
  const status = {
    observedGeneration: dep.metadata.generation ?? 1,
    ...omitZero({
      replicas,
      updatedReplicas: updated,
      readyReplicas: sum('readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
    }),
    conditions,
  };
  store.update(deployments, dep, { ...dep, status });
}
