import type { V1Node } from '@kubernetes/client-node';
import { isNotFound } from '../../api/errors.ts';
import type { NodeOperation } from '../../command/model.ts';
import { requestOptions } from '../../api/request-options.ts';
import {
  DRY_RUN,
  PreflightRefusal,
  TargetChanged,
  approvalAnnotationOps,
  expectString,
  type Expectation,
  type Inspection,
  type MutationContext,
} from './types.ts';

export async function inspectNode(op: NodeOperation, ctx: MutationContext): Promise<Inspection> {
  const node = await readNode(op, ctx, 'preflight');
  const options = requestOptions(ctx.signal ? { signal: ctx.signal } : {});
  const pods = await ctx.cluster.core.listPodForAllNamespaces(
    { fieldSelector: `spec.nodeName=${op.node}` },
    options,
  );
  const ready =
    node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady';
  const cordoned = node.spec?.unschedulable === true;
  const facts = `(${ready}, ${pods.items.length} pod${pods.items.length === 1 ? '' : 's'})`;
  const preview =
    op.verb === 'cordon'
      ? cordoned
        ? `node ${op.node} ${facts} is already cordoned; nothing will change`
        : `node ${op.node} ${facts} will stop accepting new pods; running pods stay`
      : cordoned
        ? `node ${op.node} ${facts} will accept new pods again`
        : `node ${op.node} ${facts} is not cordoned; nothing will change`;
  return { preview, expect: { uid: uidOf(node) } };
}

export async function applyNode(
  op: NodeOperation,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
): Promise<string> {
  const uid = expectString(expect, 'uid');
  const node = await readNode(op, ctx, 'execute');
  if (uidOf(node) !== uid)
    throw new TargetChanged(`node ${op.node} was replaced by another node with the same name`);
  const body = [
    { op: 'test', path: '/metadata/uid', value: uid },
    { op: 'add', path: '/spec/unschedulable', value: op.verb === 'cordon' },
    ...approvalAnnotationOps(node.metadata?.annotations, ctx.approvalId),
  ];
  const options = requestOptions({ patch: 'json', ...(ctx.signal ? { signal: ctx.signal } : {}) });
  await ctx.cluster.core.patchNode({ name: op.node, body, ...(dryRun ? { dryRun: DRY_RUN } : {}) }, options);
  return `node/${op.node} ${op.verb}ed${dryRun ? ' (server dry run)' : ''}`;
}

async function readNode(
  op: NodeOperation,
  ctx: MutationContext,
  phase: 'preflight' | 'execute',
): Promise<V1Node> {
  try {
    return await ctx.cluster.core.readNode(
      { name: op.node },
      requestOptions(ctx.signal ? { signal: ctx.signal } : {}),
    );
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const message = `node ${op.node} does not exist`;
    throw phase === 'preflight' ? new PreflightRefusal(message) : new TargetChanged(message);
  }
}

function uidOf(node: V1Node): string {
  const uid = node.metadata?.uid;
  if (uid === undefined) throw new Error('the API returned a node without a uid');
  return uid;
}
