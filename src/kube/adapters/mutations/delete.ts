import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { isNotFound } from '../../api/errors.ts';
import type { DeleteOperation } from '../../command/model.ts';
import { qualifiedName } from '../../command/kinds.ts';
import { deleteDeletable, listDeletable, readDeletable } from '../../api/deletable.ts';
import {
  DRY_RUN,
  PreflightRefusal,
  TargetChanged,
  expectString,
  type Expectation,
  type Inspection,
  type MutationContext,
} from './types.ts';

// A selector that matches more than this is almost certainly a mistake; approvers could not review the list.
const MAX_SELECTED = 50;

export async function inspectDelete(op: DeleteOperation, ctx: MutationContext): Promise<Inspection> {
  if ('name' in op) {
    const object = await readOrRefuse(op, op.name, ctx);
    const owner = controllerOf(object);
    return {
      preview: `${describeObject(op.kind, object)} will be deleted; ${aftermath(op.kind, object)}`,
      expect: { uid: uidOf(object) },
      facts: { recreatedBy: owner === undefined ? null : `${owner.kind} ${owner.name}` },
    };
  }
  const matches = await listDeletable(ctx.cluster, op.kind, op.namespace, op.labelSelector, ctx.signal);
  if (matches.length === 0)
    throw new PreflightRefusal(`no ${op.kind} in namespace ${op.namespace} matches ${op.labelSelector}`);
  if (matches.length > MAX_SELECTED) {
    throw new PreflightRefusal(
      `${matches.length} ${op.kind}s match ${op.labelSelector}; kubegate deletes at most ${MAX_SELECTED} at once`,
    );
  }
  const names = matches.map((m) => m.metadata?.name ?? '?');
  const expect: Record<string, string> = {};
  for (const m of matches) expect[`uid:${m.metadata?.name ?? ''}`] = uidOf(m);
  return {
    preview: `${matches.length} ${op.kind}${matches.length === 1 ? '' : 's'} matching ${op.labelSelector} will be deleted: ${names.join(', ')}`,
    expect,
  };
}

/** Deletes exactly the objects approvers saw (for a selector: the ones it matched then, not new ones). */
export async function applyDelete(
  op: DeleteOperation,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
): Promise<string> {
  const targets =
    'name' in op
      ? [{ name: op.name, uid: expectString(expect, 'uid') }]
      : Object.entries(expect)
          .filter(([key]) => key.startsWith('uid:'))
          .map(([key, uid]) => ({ name: key.slice(4), uid: String(uid) }));
  const lines: string[] = [];
  for (const target of targets) {
    await deleteOne(op, target, ctx, dryRun);
    lines.push(`${qualifiedName(op.kind)} "${target.name}" deleted${dryRun ? ' (server dry run)' : ''}`);
  }
  return lines.join('\n');
}

async function deleteOne(
  op: DeleteOperation,
  target: { name: string; uid: string },
  ctx: MutationContext,
  dryRun: boolean,
): Promise<void> {
  const current = await readDeletable(
    ctx.cluster,
    op.kind,
    { name: target.name, namespace: op.namespace },
    ctx.signal,
  ).catch((e: unknown) => {
    if (isNotFound(e)) throw new TargetChanged(`${op.kind} ${target.name} no longer exists`);
    throw e;
  });
  if (uidOf(current) !== target.uid)
    throw new TargetChanged(`${op.kind} ${target.name} was replaced by another object with the same name`);
  await deleteDeletable(
    ctx.cluster,
    op.kind,
    {
      name: target.name,
      namespace: op.namespace,
      uid: target.uid,
      ...(op.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: op.gracePeriodSeconds }),
      ...(dryRun ? { dryRun: DRY_RUN } : {}),
    },
    ctx.signal,
  );
}

async function readOrRefuse(
  op: DeleteOperation,
  name: string,
  ctx: MutationContext,
): Promise<KubernetesObject> {
  try {
    return await readDeletable(ctx.cluster, op.kind, { name, namespace: op.namespace }, ctx.signal);
  } catch (e) {
    if (isNotFound(e))
      throw new PreflightRefusal(`${op.kind} ${name} does not exist in namespace ${op.namespace}`);
    throw e;
  }
}

function uidOf(object: KubernetesObject): string {
  const uid = object.metadata?.uid;
  if (uid === undefined) throw new Error('the API returned an object without a uid');
  return uid;
}

function describeObject(kind: string, object: KubernetesObject): string {
  const name = object.metadata?.name ?? '?';
  if (kind !== 'pod') return `${kind} ${name}`;
  const pod = object as V1Pod;
  const statuses = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((sum, s) => sum + s.restartCount, 0);
  const lastReason = statuses
    .map((s) => s.lastState?.terminated?.reason ?? s.state?.waiting?.reason)
    .find((r) => r !== undefined);
  const facts = [
    pod.status?.phase ?? 'Unknown',
    `${restarts} restart${restarts === 1 ? '' : 's'}`,
    ...(lastReason ? [lastReason] : []),
  ];
  return `pod ${name} (${facts.join(', ')})`;
}

/** Only a managing controller recreates what is deleted; a plain owner reference (garbage collection) does not. */
function controllerOf(object: KubernetesObject): { kind: string; name: string } | undefined {
  return object.metadata?.ownerReferences?.find((o) => o.controller === true);
}

function aftermath(kind: string, object: KubernetesObject): string {
  if (kind === 'pod') {
    const owner = controllerOf(object);
    return owner ? `${owner.kind} ${owner.name} will replace it` : 'nothing will recreate it';
  }
  if (kind === 'job') return 'nothing will recreate it';
  if (kind === 'service') return 'traffic to it stops';
  return 'its pods will be deleted too';
}
