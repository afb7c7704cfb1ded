import type { V1Node } from '@kubernetes/client-node';
import { err, ok, type Result } from '../../../approvals/result.ts';
import { countPodsOn, patchNode, readNode } from '../../api/nodes.ts';
import type { NodeOperation } from '../../command/model.ts';
import { sendGuardedPatch } from './guarded-patch.ts';
import {
  apiFailed,
  approvalAnnotationOps,
  expected,
  refused,
  targetChanged,
  type ApiFailed,
  type ApplyError,
  type Expectation,
  type Inspection,
  type Mutation,
  type MutationContext,
  type MutationError,
  type Refusal,
} from './types.ts';
import { uidOf } from './workloads.ts';

export async function inspectNode(op: NodeOperation, ctx: MutationContext): Mutation<Inspection> {
  const node = await readOr(op, ctx, refused);
  if (!node.ok) return node;
  const pods = await countPodsOn(ctx.cluster, op.node, ctx);
  if (!pods.ok) return err(apiFailed(pods.error));
  const ready =
    node.value.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady';
  const cordoned = node.value.spec?.unschedulable === true;
  const facts = `(${ready}, ${pods.value} pod${pods.value === 1 ? '' : 's'})`;
  const preview =
    op.verb === 'cordon'
      ? cordoned
        ? `node ${op.node} ${facts} is already cordoned; nothing will change`
        : `node ${op.node} ${facts} will stop accepting new pods; running pods stay`
      : cordoned
        ? `node ${op.node} ${facts} will accept new pods again`
        : `node ${op.node} ${facts} is not cordoned; nothing will change`;
  return ok({ preview, expect: { uid: uidOf(node.value, 'node') } });
}

export async function applyNode(
  op: NodeOperation,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
): Mutation<string, ApplyError> {
  const seen = expected(expect, { uid: 'string' });
  if (!seen.ok) return seen;
  const { uid } = seen.value;
  const node = await readOr(op, ctx, targetChanged);
  if (!node.ok) return node;
  if (uidOf(node.value, 'node') !== uid)
    return err(targetChanged(`node ${op.node} was replaced by another node with the same name`));
  const body = [
    { op: 'test' as const, path: '/metadata/uid', value: uid },
    { op: 'add' as const, path: '/spec/unschedulable', value: op.verb === 'cordon' },
    ...approvalAnnotationOps(node.value.metadata?.annotations, ctx.approvalId),
  ];
  const patched = await sendGuardedPatch({
    what: `node ${op.node}`,
    ops: body,
    send: () => patchNode(ctx.cluster, op.node, { body, dryRun }, ctx),
    reread: () => readNode(ctx.cluster, op.node, ctx),
  });
  if (!patched.ok) return patched;
  return ok(`node/${op.node} ${op.verb}ed${dryRun ? ' (server dry run)' : ''}`);
}

async function readOr<E extends MutationError>(
  op: NodeOperation,
  ctx: MutationContext,
  refuse: Refusal<E>,
): Promise<Result<V1Node, E | ApiFailed>> {
  const node = await readNode(ctx.cluster, op.node, ctx);
  if (node.ok) return node;
  if (node.error.status !== 404) return err(apiFailed(node.error));
  return err(refuse(`node ${op.node} does not exist`, node.error));
}
