import type { KubernetesObject } from '@kubernetes/client-node';
import type { Cluster } from './cluster.ts';
import type { DeleteKind } from '../command/model.ts';
import { requestOptions } from './request-options.ts';
import type { Result } from '../../approvals/result.ts';
import { callApi, type CallOptions, type KubeFailure } from './errors.ts';

type Named = { readonly name: string; readonly namespace: string };
type DeleteParams = Named & { gracePeriodSeconds?: number; dryRun?: string; uid: string };

/** Reads one deletable object by kind; each kind lives in a different generated API method. */
export function readDeletable(
  cluster: Cluster,
  kind: DeleteKind,
  target: Named,
  call: CallOptions,
): Promise<Result<KubernetesObject, KubeFailure>> {
  return callApi(() => read(cluster, kind, target, call.signal), call.timeoutMs);
}

function read(
  cluster: Cluster,
  kind: DeleteKind,
  target: Named,
  signal: AbortSignal | undefined,
): Promise<KubernetesObject> {
  const options = requestOptions({ signal });
  switch (kind) {
    case 'pod':
      return cluster.core.readNamespacedPod(target, options);
    case 'service':
      return cluster.core.readNamespacedService(target, options);
    case 'deployment':
      return cluster.apps.readNamespacedDeployment(target, options);
    case 'statefulset':
      return cluster.apps.readNamespacedStatefulSet(target, options);
    case 'daemonset':
      return cluster.apps.readNamespacedDaemonSet(target, options);
    case 'job':
      return cluster.batch.readNamespacedJob(target, options);
  }
}

export function listDeletable(
  cluster: Cluster,
  kind: DeleteKind,
  query: { readonly namespace: string; readonly labelSelector: string },
  call: CallOptions,
): Promise<Result<readonly KubernetesObject[], KubeFailure>> {
  return callApi(() => list(cluster, kind, query, call.signal), call.timeoutMs);
}

async function list(
  cluster: Cluster,
  kind: DeleteKind,
  { namespace, labelSelector }: { readonly namespace: string; readonly labelSelector: string },
  signal: AbortSignal | undefined,
): Promise<readonly KubernetesObject[]> {
  const options = requestOptions({ signal });
  const query = { namespace, labelSelector };
  switch (kind) {
    case 'pod':
      return (await cluster.core.listNamespacedPod(query, options)).items;
    case 'service':
      return (await cluster.core.listNamespacedService(query, options)).items;
    case 'deployment':
      return (await cluster.apps.listNamespacedDeployment(query, options)).items;
    case 'statefulset':
      return (await cluster.apps.listNamespacedStatefulSet(query, options)).items;
    case 'daemonset':
      return (await cluster.apps.listNamespacedDaemonSet(query, options)).items;
    case 'job':
      return (await cluster.batch.listNamespacedJob(query, options)).items;
  }
}

/**
 * Deletes with a uid precondition, so the API server itself refuses if the name now belongs to another object.
 * Background propagation is kubectl's default: dependents (ReplicaSets, pods) are collected afterwards.
 */
export function deleteDeletable(
  cluster: Cluster,
  kind: DeleteKind,
  params: DeleteParams,
  call: CallOptions,
): Promise<Result<void, KubeFailure>> {
  return callApi(() => remove(cluster, kind, params, call.signal), call.timeoutMs);
}

async function remove(
  cluster: Cluster,
  kind: DeleteKind,
  params: DeleteParams,
  signal: AbortSignal | undefined,
): Promise<void> {
  const options = requestOptions({ signal });
  const { uid, ...rest } = params;
  const request = {
    ...rest,
    propagationPolicy: 'Background',
    body: { preconditions: { uid }, propagationPolicy: 'Background' },
  };
  switch (kind) {
    case 'pod':
      await cluster.core.deleteNamespacedPod(request, options);
      return;
    case 'service':
      await cluster.core.deleteNamespacedService(request, options);
      return;
    case 'deployment':
      await cluster.apps.deleteNamespacedDeployment(request, options);
      return;
    case 'statefulset':
      await cluster.apps.deleteNamespacedStatefulSet(request, options);
      return;
    case 'daemonset':
      await cluster.apps.deleteNamespacedDaemonSet(request, options);
      return;
    case 'job':
      await cluster.batch.deleteNamespacedJob(request, options);
      return;
  }
}
