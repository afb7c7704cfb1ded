import { createHash } from 'node:crypto';
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { canonicalJson } from '../../../approvals/canonical-json.ts';
import { err, ok, type Result } from '../../../approvals/result.ts';
import { listReplicaSets } from '../../api/apps.ts';
import type { RolloutOperation } from '../../command/model.ts';
import { qualifiedName } from '../../command/kinds.ts';
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
import { imagesOf, patchTarget, pointer, readTarget, uidOf, type JsonPatchOp } from './workloads.ts';

type Restart = Extract<RolloutOperation, { action: 'restart' }>;
type Undo = Extract<RolloutOperation, { action: 'undo' }>;

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const REVISION = 'deployment.kubernetes.io/revision';

export async function inspectRestart(op: Restart, ctx: MutationContext): Mutation<Inspection> {
  const read = await readTarget(op, ctx, refused);
  if (!read.ok) return read;
  const w = read.value;
  const replicas =
    'replicas' in (w.spec ?? {}) ? ((w.spec as { replicas?: number }).replicas ?? 1) : undefined;
  const pods = replicas === undefined ? 'every pod' : `its ${replicas} pod${replicas === 1 ? '' : 's'}`;
  return ok({
    preview: `${op.kind} ${op.name}: ${pods} will be replaced by a rolling restart`,
    expect: { uid: uidOf(w, op.kind) },
  });
}

/** As kubectl does: stamp the pod template with the time, which makes the controller roll every pod. */
export async function applyRestart(
  op: Restart,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
  now: Date,
): Mutation<string, ApplyError> {
  const seen = expected(expect, { uid: 'string' });
  if (!seen.ok) return seen;
  const { uid } = seen.value;
  const read = await readTarget(op, ctx, targetChanged);
  if (!read.ok) return read;
  const w = read.value;
  if (uidOf(w, op.kind) !== uid)
    return err(targetChanged(`${op.kind} ${op.name} was replaced by another object`));
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const patch: JsonPatchOp[] = w.spec?.template.metadata?.annotations
    ? [{ op: 'add', path: `/spec/template/metadata/annotations/${pointer(RESTARTED_AT)}`, value: stamp }]
    : [
        {
          op: 'add',
          path: w.spec?.template.metadata ? '/spec/template/metadata/annotations' : '/spec/template/metadata',
          value: w.spec?.template.metadata
            ? { [RESTARTED_AT]: stamp }
            : { annotations: { [RESTARTED_AT]: stamp } },
        },
      ];
  const ops = [...patch, ...approvalAnnotationOps(w.metadata?.annotations, ctx.approvalId)];
  const patched = await patchTarget(op, uid, ops, ctx, dryRun);
  if (!patched.ok) return patched;
  return ok(`${qualifiedName(op.kind)}/${op.name} restarted${dryRun ? ' (server dry run)' : ''}`);
}

export async function inspectUndo(op: Undo, ctx: MutationContext): Mutation<Inspection> {
  if (op.kind !== 'deployment') {
    return err(
      refused(
        `rollout undo of a ${op.kind} needs ControllerRevisions, which kubegate does not handle yet; only deployments can be rolled back`,
      ),
    );
  }
  const found = await findRollback(op, ctx, refused);
  if (!found.ok) return found;
  const { uid, current, target, from, to, targetUid, templateHash } = found.value;
  return ok({
    preview: `rollout undo: revision ${current} → ${target}, image ${from} → ${to} (template ${templateHash.slice(0, 19)}…)`,
    expect: { uid, revision: current, targetRevision: target, targetUid, templateHash },
  });
}

/**
 * kubectl's undo: copy the pod template of the ReplicaSet with the wanted revision (minus its pod-template-hash
 * label) into the Deployment; here in one JSON patch guarded by the uid and the revision approvers saw.
 */
export async function applyUndo(
  op: Undo,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
): Mutation<string, ApplyError> {
  const seen = expected(expect, {
    uid: 'string',
    revision: 'number',
    targetRevision: 'number',
    targetUid: 'string',
    templateHash: 'string',
  });
  if (!seen.ok) return seen;
  const { uid, revision, targetRevision: target } = seen.value;
  const found = await findRollback({ ...op, toRevision: target }, ctx, targetChanged);
  if (!found.ok) return found;
  const changed = changedSinceShown(op, seen.value, found.value);
  if (changed !== undefined) return err(targetChanged(changed));
  const patch: JsonPatchOp[] = [
    { op: 'test', path: `/metadata/annotations/${pointer(REVISION)}`, value: String(revision) },
    { op: 'replace', path: '/spec/template', value: found.value.template },
    // The revision annotation was just tested, so the annotations map exists.
    ...approvalAnnotationOps({}, ctx.approvalId),
  ];
  const patched = await patchTarget(op, uid, patch, ctx, dryRun);
  if (!patched.ok) return patched;
  return ok(
    `deployment.apps/${op.name} rolled back to revision ${target}${dryRun ? ' (server dry run)' : ''}`,
  );
}

type Rollback = {
  readonly uid: string;
  readonly current: number;
  readonly target: number;
  readonly template: Record<string, unknown>;
  readonly targetUid: string;
  readonly templateHash: string;
  readonly from: string;
  readonly to: string;
};

/** Why the rollback found now is not the one approvers were shown, if it is not. */
function changedSinceShown(
  op: Undo,
  seen: { uid: string; revision: number; targetRevision: number; targetUid: string; templateHash: string },
  found: Rollback,
): string | undefined {
  if (found.uid !== seen.uid) return `deployment ${op.name} was replaced by another object`;
  if (found.current !== seen.revision)
    return `deployment ${op.name} is now at revision ${found.current}, not the ${seen.revision} seen when it was approved`;
  // The revision number alone proves nothing: its ReplicaSet can be replaced or its template edited after approvers
  // saw it. The rollback lands only on the very template that was shown (its ReplicaSet's uid and its hash).
  if (found.targetUid !== seen.targetUid)
    return `the ReplicaSet of revision ${seen.targetRevision} was replaced by another object`;
  if (found.templateHash !== seen.templateHash)
    return `the pod template of revision ${seen.targetRevision} changed since it was shown (image now ${found.to})`;
  return undefined;
}

async function findRollback<E extends MutationError>(
  op: Undo,
  ctx: MutationContext,
  refuse: Refusal<E>,
): Promise<Result<Rollback, E | ApiFailed>> {
  const read = await readTarget(op, ctx, refuse);
  if (!read.ok) return read;
  const deployment = read.value;
  const uid = uidOf(deployment, 'deployment');
  const current = Number(deployment.metadata?.annotations?.[REVISION] ?? Number.NaN);
  if (!Number.isInteger(current)) return err(refuse(`deployment ${op.name} has no revision annotation yet`));
  const sets = await ownedReplicaSets(op, uid, ctx);
  if (!sets.ok) return err(apiFailed(sets.error));
  const revisions = [...sets.value.keys()].sort((a, b) => a - b);
  const target = op.toRevision ?? revisions.filter((r) => r < current).at(-1);
  if (target === undefined)
    return err(refuse(`deployment ${op.name} has no previous revision to roll back to`));
  if (target === current) return err(refuse(`deployment ${op.name} is already at revision ${target}`));
  const rs = sets.value.get(target);
  if (!rs?.spec?.template)
    return err(refuse(`deployment ${op.name} has no revision ${target} (known: ${revisions.join(', ')})`));
  const template = withoutHashLabel(rs);
  const templateHash = `sha256:${createHash('sha256').update(canonicalJson(template)).digest('hex')}`;
  return ok({
    uid,
    current,
    target,
    template,
    targetUid: uidOf(rs, 'ReplicaSet'),
    templateHash,
    from: imagesOf(deployment),
    to: imagesOf({ spec: { template } }),
  });
}

async function ownedReplicaSets(op: Undo, uid: string, ctx: MutationContext) {
  const list = await listReplicaSets(ctx.cluster, op.namespace, ctx);
  if (!list.ok) return list;
  const byRevision = new Map<number, V1ReplicaSet>();
  for (const rs of list.value) {
    if (!rs.metadata?.ownerReferences?.some((o) => o.uid === uid)) continue;
    const revision = Number(rs.metadata.annotations?.[REVISION]);
    if (Number.isInteger(revision)) byRevision.set(revision, rs);
  }
  return ok(byRevision);
}

/** JSON-ready template: dates as strings, and the pod-template-hash label dropped as kubectl drops it. */
function withoutHashLabel(rs: V1ReplicaSet): Record<string, unknown> {
  const template = JSON.parse(JSON.stringify(rs.spec?.template)) as {
    metadata?: { labels?: Record<string, string> };
  };
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  return template;
}
