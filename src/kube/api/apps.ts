import type {
  AppsV1Api,
  ConfigurationOptions,
  V1DaemonSet,
  V1Deployment,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { ok, type Result } from '../../approvals/result.ts';
import type { RolloutKind, ScaleKind } from '../command/model.ts';
import type { Cluster } from './cluster.ts';
import { callApi, type CallOptions, type KubeFailure } from './errors.ts';
import { DRY_RUN, requestOptions } from './request-options.ts';

/** The apps/v1 kinds kubegate changes: the ones it scales and the ones it rolls out. */
export type AppsKind = ScaleKind | RolloutKind;

/** The object each apps/v1 kind reads as, so a scale gets a type with spec.replicas and a rollout a workload. */
export type AppsObjects = {
  deployment: V1Deployment;
  statefulset: V1StatefulSet;
  replicaset: V1ReplicaSet;
  daemonset: V1DaemonSet;
};

type Named = { readonly name: string; readonly namespace: string };
/** RFC 6902; a failed `test` makes the API server refuse the whole patch (422). */
export type JsonPatchOp = { op: 'test' | 'add' | 'replace' | 'remove'; path: string; value?: unknown };
type PatchRequest = Named & { body: readonly JsonPatchOp[]; dryRun?: string };

// Each kind lives in a different generated method; one table per verb keeps the kind → method choice in one place.
const READ: {
  [K in AppsKind]: (apps: AppsV1Api, t: Named, o: ConfigurationOptions) => Promise<AppsObjects[K]>;
} = {
  deployment: (apps, t, o) => apps.readNamespacedDeployment(t, o),
  statefulset: (apps, t, o) => apps.readNamespacedStatefulSet(t, o),
  replicaset: (apps, t, o) => apps.readNamespacedReplicaSet(t, o),
  daemonset: (apps, t, o) => apps.readNamespacedDaemonSet(t, o),
};

const PATCH: {
  [K in AppsKind]: (apps: AppsV1Api, r: PatchRequest, o: ConfigurationOptions) => Promise<unknown>;
} = {
  deployment: (apps, r, o) => apps.patchNamespacedDeployment(r, o),
  statefulset: (apps, r, o) => apps.patchNamespacedStatefulSet(r, o),
  replicaset: (apps, r, o) => apps.patchNamespacedReplicaSet(r, o),
  daemonset: (apps, r, o) => apps.patchNamespacedDaemonSet(r, o),
};

export function readAppsObject<K extends AppsKind>(
  cluster: Cluster,
  kind: K,
  target: Named,
  options: CallOptions,
): Promise<Result<AppsObjects[K], KubeFailure>> {
  const read = READ[kind];
  return callApi(
    () => read(cluster.apps, target, requestOptions({ signal: options.signal })),
    options.timeoutMs,
  );
}

/** Sends a JSON patch (or its server-side dry run) to one apps/v1 object. */
export async function patchAppsObject(
  cluster: Cluster,
  kind: AppsKind,
  target: Named,
  patch: { readonly body: readonly JsonPatchOp[]; readonly dryRun: boolean },
  options: CallOptions,
): Promise<Result<void, KubeFailure>> {
  const request = { ...target, body: patch.body, ...(patch.dryRun ? { dryRun: DRY_RUN } : {}) };
  const sent = await callApi(
    () => PATCH[kind](cluster.apps, request, requestOptions({ patch: 'json', signal: options.signal })),
    options.timeoutMs,
  );
  return sent.ok ? ok(undefined) : sent;
}

export function listReplicaSets(
  cluster: Cluster,
  namespace: string,
  options: CallOptions,
): Promise<Result<readonly V1ReplicaSet[], KubeFailure>> {
  return callApi(
    async () =>
      (await cluster.apps.listNamespacedReplicaSet({ namespace }, requestOptions({ signal: options.signal })))
        .items,
    options.timeoutMs,
  );
}
