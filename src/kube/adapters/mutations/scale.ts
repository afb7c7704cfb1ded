import { err, ok } from '../../../approvals/result.ts';
import type { ScaleOperation } from '../../command/model.ts';
import { qualifiedName } from '../../command/kinds.ts';
import {
  approvalAnnotationOps,
  expected,
  refused,
  targetChanged,
  type ApplyError,
  type Expectation,
  type Inspection,
  type Mutation,
  type MutationContext,
} from './types.ts';
import { patchTarget, readTarget, uidOf } from './workloads.ts';

export async function inspectScale(op: ScaleOperation, ctx: MutationContext): Mutation<Inspection> {
  const target = await readTarget(op, ctx, refused);
  if (!target.ok) return target;
  const current = replicasOf(target.value);
  if (op.currentReplicas !== undefined && op.currentReplicas !== current) {
    return err(
      refused(`--current-replicas=${op.currentReplicas} does not hold: ${op.kind} ${op.name} has ${current}`),
    );
  }
  return ok({
    preview: `${op.kind} ${op.name} replicas ${current} → ${op.replicas}`,
    expect: { uid: uidOf(target.value, op.kind), replicas: current },
    facts: { currentReplicas: current },
  });
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
): Mutation<string, ApplyError> {
  const target = await readTarget(op, ctx, (_, cause) =>
    targetChanged(`${op.kind} ${op.name} no longer exists`, cause),
  );
  if (!target.ok) return target;
  const seen = expected(expect, { uid: 'string', replicas: 'number' });
  if (!seen.ok) return seen;
  const { uid, replicas } = seen.value;
  if (target.value.metadata?.uid !== uid)
    return err(targetChanged(`${op.kind} ${op.name} was replaced by another object`));
  const now = replicasOf(target.value);
  if (now !== replicas) {
    return err(
      targetChanged(
        `${op.kind} ${op.name} now has ${now} replicas, not the ${replicas} seen when it was approved`,
      ),
    );
  }
  const ops = [
    { op: 'test' as const, path: '/spec/replicas', value: replicas },
    { op: 'replace' as const, path: '/spec/replicas', value: op.replicas },
    ...approvalAnnotationOps(target.value.metadata.annotations, ctx.approvalId),
  ];
  const patched = await patchTarget(op, uid, ops, ctx, dryRun);
  if (!patched.ok) return patched;
  return ok(`${qualifiedName(op.kind)}/${op.name} scaled${dryRun ? ' (server dry run)' : ''}`);
}

/** The API server defaults spec.replicas to 1 for all three kinds, as the /scale subresource reports it. */
const replicasOf = (target: { spec?: { replicas?: number } }): number => target.spec?.replicas ?? 1;
