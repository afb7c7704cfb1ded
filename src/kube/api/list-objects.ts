import type { KubernetesObject } from '@kubernetes/client-node';
import type { Cluster } from './cluster.ts';
import type { Kind } from '../command/model.ts';
import { requestOptions } from './request-options.ts';

export type ObjectQuery = {
  readonly kind: Kind;
  /** null: all namespaces, or a cluster-scoped kind. */
  readonly namespace: string | null;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
};

type Lister = (
  cluster: Cluster,
  q: Record<string, string>,
  options: ReturnType<typeof requestOptions>,
) => Promise<{ items: KubernetesObject[] }>;

// Each kind has its own generated method for a namespace and for all namespaces (cluster-scoped kinds: one).
const LISTERS: Readonly<Record<Kind, { namespaced?: Lister; all: Lister }>> = {
  pod: {
    namespaced: (c, q, o) => c.core.listNamespacedPod(ns(q), o),
    all: (c, q, o) => c.core.listPodForAllNamespaces(q, o),
  },
  service: {
    namespaced: (c, q, o) => c.core.listNamespacedService(ns(q), o),
    all: (c, q, o) => c.core.listServiceForAllNamespaces(q, o),
  },
  event: {
    namespaced: (c, q, o) => c.core.listNamespacedEvent(ns(q), o),
    all: (c, q, o) => c.core.listEventForAllNamespaces(q, o),
  },
  configmap: {
    namespaced: (c, q, o) => c.core.listNamespacedConfigMap(ns(q), o),
    all: (c, q, o) => c.core.listConfigMapForAllNamespaces(q, o),
  },
  deployment: {
    namespaced: (c, q, o) => c.apps.listNamespacedDeployment(ns(q), o),
    all: (c, q, o) => c.apps.listDeploymentForAllNamespaces(q, o),
  },
  replicaset: {
    namespaced: (c, q, o) => c.apps.listNamespacedReplicaSet(ns(q), o),
    all: (c, q, o) => c.apps.listReplicaSetForAllNamespaces(q, o),
  },
  statefulset: {
    namespaced: (c, q, o) => c.apps.listNamespacedStatefulSet(ns(q), o),
    all: (c, q, o) => c.apps.listStatefulSetForAllNamespaces(q, o),
  },
  daemonset: {
    namespaced: (c, q, o) => c.apps.listNamespacedDaemonSet(ns(q), o),
    all: (c, q, o) => c.apps.listDaemonSetForAllNamespaces(q, o),
  },
  job: {
    namespaced: (c, q, o) => c.batch.listNamespacedJob(ns(q), o),
    all: (c, q, o) => c.batch.listJobForAllNamespaces(q, o),
  },
  cronjob: {
    namespaced: (c, q, o) => c.batch.listNamespacedCronJob(ns(q), o),
    all: (c, q, o) => c.batch.listCronJobForAllNamespaces(q, o),
  },
  node: { all: (c, q, o) => c.core.listNode(q, o) },
  namespace: { all: (c, q, o) => c.core.listNamespace(q, o) },
};

function ns(q: Record<string, string>): Record<string, string> & { namespace: string } {
  const namespace = q.namespace;
  if (namespace === undefined) throw new Error('a namespaced list needs a namespace');
  return { ...q, namespace };
}

/** Lists objects of one kind; a name is a field selector, so a missing name is an empty list, as kubectl shows it. */
export async function listObjects(
  cluster: Cluster,
  query: ObjectQuery,
  signal?: AbortSignal,
): Promise<KubernetesObject[]> {
  const lister = LISTERS[query.kind];
  const params: Record<string, string> = {};
  if (query.labelSelector !== undefined) params.labelSelector = query.labelSelector;
  if (query.fieldSelector !== undefined) params.fieldSelector = query.fieldSelector;
  const options = requestOptions(signal ? { signal } : {});
  const list =
    query.namespace !== null && lister.namespaced
      ? await lister.namespaced(cluster, { ...params, namespace: query.namespace }, options)
      : await lister.all(cluster, params, options);
  return list.items;
}

/** The API version and kind of list items, which client-node leaves out. */
export const TYPE_META: Readonly<Record<Kind, { apiVersion: string; kind: string }>> = {
  pod: { apiVersion: 'v1', kind: 'Pod' },
  service: { apiVersion: 'v1', kind: 'Service' },
  event: { apiVersion: 'v1', kind: 'Event' },
  configmap: { apiVersion: 'v1', kind: 'ConfigMap' },
  node: { apiVersion: 'v1', kind: 'Node' },
  namespace: { apiVersion: 'v1', kind: 'Namespace' },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  replicaset: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  statefulset: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  daemonset: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  job: { apiVersion: 'batch/v1', kind: 'Job' },
  cronjob: { apiVersion: 'batch/v1', kind: 'CronJob' },
};
