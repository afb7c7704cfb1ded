import type { V1Scale } from '@kubernetes/client-node';
import { isNotFound } from '../api-error.ts';
import type { Cluster } from '../cluster.ts';
import type { ScaleOperation } from '../model.ts';
import { QUALIFIED } from '../resources.ts';
import { requestOptions } from '../request-options.ts';
import { DRY_RUN, PreflightRefusal, TargetChanged, expectNumber, expectString, type Expectation, type Inspection, type MutationContext } from './types.ts';

export async function inspectScale(op: ScaleOperation, ctx: MutationContext): Promise<Inspection> {
  const scale = await readScale(op, ctx).catch((e: unknown) => {
    if (isNotFound(e)) throw new PreflightRefusal(`${op.kind} ${op.name} does not exist in namespace ${op.namespace}`);
    throw e;
  });
  const current = scale.spec?.replicas ?? 0;
  if (op.currentReplicas !== undefined && op.currentReplicas !== current) {
    throw new PreflightRefusal(`--current-replicas=${op.currentReplicas} does not hold: ${op.kind} ${op.name} has ${current}`);
  }
  const uid = scale.metadata?.uid;
  if (uid === undefined) throw new Error('the API returned a Scale without a uid');
  return { preview: `${op.kind} ${op.name} replicas ${current} → ${op.replicas}`, expect: { uid, replicas: current }, facts: { currentReplicas: current } };
}

/**
 * Scales through the subresource with the resourceVersion just read, so the API server refuses the write if
 * anything changed in between; and only if the count is still the one approvers saw.
 */
export async function applyScale(op: ScaleOperation, ctx: MutationContext, expect: Expectation, dryRun: boolean): Promise<string> {
  const scale = await readScale(op, ctx).catch((e: unknown) => {
    if (isNotFound(e)) throw new TargetChanged(`${op.kind} ${op.name} no longer exists`);
    throw e;
  });
  if (scale.metadata?.uid !== expectString(expect, 'uid')) throw new TargetChanged(`${op.kind} ${op.name} was replaced by another object`);
  const seen = expectNumber(expect, 'replicas');
  const now = scale.spec?.replicas ?? 0;
  if (now !== seen) throw new TargetChanged(`${op.kind} ${op.name} now has ${now} replicas, not the ${seen} seen when it was approved`);
  const body: V1Scale = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: op.name, namespace: op.namespace, ...(scale.metadata.resourceVersion ? { resourceVersion: scale.metadata.resourceVersion } : {}) },
    spec: { replicas: op.replicas },
  };
  await replaceScale(ctx.cluster, op, body, dryRun, ctx.signal);
  return `${QUALIFIED[op.kind] ?? op.kind}/${op.name} scaled${dryRun ? ' (server dry run)' : ''}`;
}

function readScale(op: ScaleOperation, ctx: MutationContext): Promise<V1Scale> {
  const target = { name: op.name, namespace: op.namespace };
  const options = requestOptions(ctx.signal ? { signal: ctx.signal } : {});
  switch (op.kind) {
    case 'deployment':
      return ctx.cluster.apps.readNamespacedDeploymentScale(target, options);
    case 'statefulset':
      return ctx.cluster.apps.readNamespacedStatefulSetScale(target, options);
    case 'replicaset':
      return ctx.cluster.apps.readNamespacedReplicaSetScale(target, options);
  }
}

function replaceScale(cluster: Cluster, op: ScaleOperation, body: V1Scale, dryRun: boolean, signal?: AbortSignal): Promise<V1Scale> {
  const request = { name: op.name, namespace: op.namespace, body, ...(dryRun ? { dryRun: DRY_RUN } : {}) };
  const options = requestOptions(signal ? { signal } : {});
  switch (op.kind) {
    case 'deployment':
      return cluster.apps.replaceNamespacedDeploymentScale(request, options);
    case 'statefulset':
      return cluster.apps.replaceNamespacedStatefulSetScale(request, options);
    case 'replicaset':
      return cluster.apps.replaceNamespacedReplicaSetScale(request, options);
  }
}
