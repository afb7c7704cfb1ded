import type { V1Deployment, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import { isNotFound } from '../../api/errors.ts';
import type { ScaleOperation } from '../../command/model.ts';
import { qualifiedName } from '../../command/kinds.ts';
import { requestOptions } from '../../api/request-options.ts';
import {
  DRY_RUN,
  PreflightRefusal,
  TargetChanged,
  approvalAnnotationOps,
  expectNumber,
  expectString,
  type Expectation,
  type Inspection,
  type MutationContext,
} from './types.ts';

type Scalable = V1Deployment | V1StatefulSet | V1ReplicaSet;

export async function inspectScale(op: ScaleOperation, ctx: MutationContext): Promise<Inspection> {
  const target = await readScalable(op, ctx).catch((e: unknown) => {
    if (isNotFound(e))
      throw new PreflightRefusal(`${op.kind} ${op.name} does not exist in namespace ${op.namespace}`);
    throw e;
  });
  const current = replicasOf(target);
  if (op.currentReplicas !== undefined && op.currentReplicas !== current) {
    throw new PreflightRefusal(
      `--current-replicas=${op.currentReplicas} does not hold: ${op.kind} ${op.name} has ${current}`,
    );
  }
  const uid = target.metadata?.uid;
  if (uid === undefined) throw new Error(`the API returned a ${op.kind} without a uid`);
  return {
    preview: `${op.kind} ${op.name} replicas ${current} → ${op.replicas}`,
    expect: { uid, replicas: current },
    facts: { currentReplicas: current },
  };
}

/**
 * Scales by patching the workload itself rather than the /scale subresource, so the same request also stamps
 * kubegate.io/approval on it. The JSON patch tests the uid and the replica count approvers saw: the API server
 * applies all of it or none, so a count that moved between this read and the write refuses the change (as the
 * resourceVersion of the /scale write did), and a status update by a controller meanwhile does not.
 */
export async function applyScale(
  op: ScaleOperation,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
): Promise<string> {
  const target = await readScalable(op, ctx).catch((e: unknown) => {
    if (isNotFound(e)) throw new TargetChanged(`${op.kind} ${op.name} no longer exists`);
    throw e;
  });
  const uid = expectString(expect, 'uid');
  if (target.metadata?.uid !== uid)
    throw new TargetChanged(`${op.kind} ${op.name} was replaced by another object`);
  const seen = expectNumber(expect, 'replicas');
  const now = replicasOf(target);
  if (now !== seen)
    throw new TargetChanged(
      `${op.kind} ${op.name} now has ${now} replicas, not the ${seen} seen when it was approved`,
    );
  const body = [
    { op: 'test', path: '/metadata/uid', value: uid },
    { op: 'test', path: '/spec/replicas', value: seen },
    { op: 'replace', path: '/spec/replicas', value: op.replicas },
    ...approvalAnnotationOps(target.metadata.annotations, ctx.approvalId),
  ];
  await patchScalable(op, body, ctx, dryRun);
  return `${qualifiedName(op.kind)}/${op.name} scaled${dryRun ? ' (server dry run)' : ''}`;
}

/** The API server defaults spec.replicas to 1 for all three kinds, as the /scale subresource reports it. */
const replicasOf = (target: Scalable): number => target.spec?.replicas ?? 1;

function readScalable(op: ScaleOperation, ctx: MutationContext): Promise<Scalable> {
  const target = { name: op.name, namespace: op.namespace };
  const options = requestOptions(ctx.signal ? { signal: ctx.signal } : {});
  switch (op.kind) {
    case 'deployment':
      return ctx.cluster.apps.readNamespacedDeployment(target, options);
    case 'statefulset':
      return ctx.cluster.apps.readNamespacedStatefulSet(target, options);
    case 'replicaset':
      return ctx.cluster.apps.readNamespacedReplicaSet(target, options);
  }
}

async function patchScalable(
  op: ScaleOperation,
  body: readonly object[],
  ctx: MutationContext,
  dryRun: boolean,
): Promise<void> {
  const request = { name: op.name, namespace: op.namespace, body, ...(dryRun ? { dryRun: DRY_RUN } : {}) };
  const options = requestOptions({ patch: 'json', ...(ctx.signal ? { signal: ctx.signal } : {}) });
  switch (op.kind) {
    case 'deployment':
      await ctx.cluster.apps.patchNamespacedDeployment(request, options);
      return;
    case 'statefulset':
      await ctx.cluster.apps.patchNamespacedStatefulSet(request, options);
      return;
    case 'replicaset':
      await ctx.cluster.apps.patchNamespacedReplicaSet(request, options);
      return;
  }
}
