import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { err, ok, type Result } from '../../../approvals/result.ts';
import type { DeleteOperation } from '../../command/model.ts';
import { qualifiedName } from '../../command/kinds.ts';
import { deleteDeletable, listDeletable, readDeletable } from '../../api/deletable.ts';
import { DRY_RUN } from '../../api/request-options.ts';
import {
  apiFailed,
  expected,
  refused,
  targetChanged,
  type ApplyError,
  type Expectation,
  type Inspection,
  type Mutation,
  type MutationContext,
} from './types.ts';
import { uidOf } from './workloads.ts';

// A selector that matches more than this is almost certainly a mistake; approvers could not review the list.
const MAX_SELECTED = 50;

export async function inspectDelete(op: DeleteOperation, ctx: MutationContext): Mutation<Inspection> {
  if ('name' in op) {
    const read = await readDeletable(ctx.cluster, op.kind, { name: op.name, namespace: op.namespace }, ctx);
    if (!read.ok) {
      return err(
        read.error.status === 404
          ? refused(`${op.kind} ${op.name} does not exist in namespace ${op.namespace}`, read.error)
          : apiFailed(read.error),
      );
    }
    const object = read.value;
    const owner = controllerOf(object);
    return ok({
      preview: `${describeObject(op.kind, object)} will be deleted; ${aftermath(op.kind, object)}`,
      expect: { uid: uidOf(object, op.kind) },
      facts: { recreatedBy: owner === undefined ? null : `${owner.kind} ${owner.name}` },
    });
  }
  const listed = await listDeletable(ctx.cluster, op.kind, op, ctx);
  if (!listed.ok) return err(apiFailed(listed.error));
  const matches = listed.value;
  if (matches.length === 0)
    return err(refused(`no ${op.kind} in namespace ${op.namespace} matches ${op.labelSelector}`));
  if (matches.length > MAX_SELECTED) {
    return err(
      refused(
        `${matches.length} ${op.kind}s match ${op.labelSelector}; kubegate deletes at most ${MAX_SELECTED} at once`,
      ),
    );
  }
  const names = matches.map((m) => m.metadata?.name ?? '?');
  const expect: Record<string, string> = {};
  for (const m of matches) expect[`uid:${m.metadata?.name ?? ''}`] = uidOf(m, op.kind);
  return ok({
    preview: `${matches.length} ${op.kind}${matches.length === 1 ? '' : 's'} matching ${op.labelSelector} will be deleted: ${names.join(', ')}`,
    expect,
  });
}

/** Deletes exactly the objects approvers saw (for a selector: the ones it matched then, not new ones). */
export async function applyDelete(
  op: DeleteOperation,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
): Mutation<string, ApplyError> {
  let targets: { name: string; uid: string }[];
  if ('name' in op) {
    const seen = expected(expect, { uid: 'string' });
    if (!seen.ok) return seen;
    targets = [{ name: op.name, uid: seen.value.uid }];
  } else {
    targets = Object.entries(expect)
      .filter(([key]) => key.startsWith('uid:'))
      .map(([key, uid]) => ({ name: key.slice(4), uid: String(uid) }));
  }
  const lines: string[] = [];
  for (const target of targets) {
    const deleted = await deleteOne(op, target, ctx, dryRun);
    if (!deleted.ok) return deleted;
    lines.push(`${qualifiedName(op.kind)} "${target.name}" deleted${dryRun ? ' (server dry run)' : ''}`);
  }
  return ok(lines.join('\n'));
}

async function deleteOne(
  op: DeleteOperation,
  target: { name: string; uid: string },
  ctx: MutationContext,
  dryRun: boolean,
): Promise<Result<void, ApplyError>> {
  const named = { name: target.name, namespace: op.namespace };
  const current = await readDeletable(ctx.cluster, op.kind, named, ctx);
  if (!current.ok) {
    return err(
      current.error.status === 404
        ? targetChanged(`${op.kind} ${target.name} no longer exists`, current.error)
        : apiFailed(current.error),
    );
  }
  if (uidOf(current.value, op.kind) !== target.uid)
    return err(targetChanged(`${op.kind} ${target.name} was replaced by another object with the same name`));
  const deleted = await deleteDeletable(
    ctx.cluster,
    op.kind,
    {
      ...named,
      uid: target.uid,
      ...(op.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: op.gracePeriodSeconds }),
      ...(dryRun ? { dryRun: DRY_RUN } : {}),
    },
    ctx,
  );
  return deleted.ok ? deleted : err(apiFailed(deleted.error));
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
