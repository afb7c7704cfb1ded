import { createHash } from 'node:crypto';
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { canonicalJson } from '../../../approvals/canonical-json.ts';
import type { RolloutOperation } from '../../command/model.ts';
import { qualifiedName } from '../../command/kinds.ts';
import { requestOptions } from '../../api/request-options.ts';
import {
  PreflightRefusal,
  TargetChanged,
  approvalAnnotationOps,
  expectNumber,
  expectString,
  type Expectation,
  type Inspection,
  type MutationContext,
} from './types.ts';
import { imagesOf, patchWorkload, pointer, readWorkloadOr, uidOf, type JsonPatchOp } from './workloads.ts';

type Restart = Extract<RolloutOperation, { action: 'restart' }>;
type Undo = Extract<RolloutOperation, { action: 'undo' }>;

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const REVISION = 'deployment.kubernetes.io/revision';

export async function inspectRestart(op: Restart, ctx: MutationContext): Promise<Inspection> {
  const w = await readWorkloadOr(op, ctx, 'preflight');
  const replicas =
    'replicas' in (w.spec ?? {}) ? ((w.spec as { replicas?: number }).replicas ?? 1) : undefined;
  const pods = replicas === undefined ? 'every pod' : `its ${replicas} pod${replicas === 1 ? '' : 's'}`;
  return {
    preview: `${op.kind} ${op.name}: ${pods} will be replaced by a rolling restart`,
    expect: { uid: uidOf(w) },
  };
}

/** As kubectl does: stamp the pod template with the time, which makes the controller roll every pod. */
export async function applyRestart(
  op: Restart,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
  now: Date,
): Promise<string> {
  const uid = expectString(expect, 'uid');
  const w = await readWorkloadOr(op, ctx, 'execute');
  if (uidOf(w) !== uid) throw new TargetChanged(`${op.kind} ${op.name} was replaced by another object`);
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
  await patchWorkload(
    op,
    uid,
    [...patch, ...approvalAnnotationOps(w.metadata?.annotations, ctx.approvalId)],
    ctx,
    dryRun,
  );
  return `${qualifiedName(op.kind)}/${op.name} restarted${dryRun ? ' (server dry run)' : ''}`;
}

export async function inspectUndo(op: Undo, ctx: MutationContext): Promise<Inspection> {
  if (op.kind !== 'deployment') {
    throw new PreflightRefusal(
      `rollout undo of a ${op.kind} needs ControllerRevisions, which kubegate does not handle yet; only deployments can be rolled back`,
    );
  }
  const { uid, current, target, from, to, targetUid, templateHash } = await findRollback(
    op,
    ctx,
    'preflight',
  );
  return {
    preview: `rollout undo: revision ${current} → ${target}, image ${from} → ${to} (template ${templateHash.slice(0, 19)}…)`,
    expect: { uid, revision: current, targetRevision: target, targetUid, templateHash },
  };
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
): Promise<string> {
  const uid = expectString(expect, 'uid');
  const seenRevision = expectNumber(expect, 'revision');
  const target = expectNumber(expect, 'targetRevision');
  const found = await findRollback({ ...op, toRevision: target }, ctx, 'execute');
  if (found.uid !== uid) throw new TargetChanged(`deployment ${op.name} was replaced by another object`);
  if (found.current !== seenRevision) {
    throw new TargetChanged(
      `deployment ${op.name} is now at revision ${found.current}, not the ${seenRevision} seen when it was approved`,
    );
  }
  // The revision number alone proves nothing: its ReplicaSet can be replaced or its template edited after approvers
  // saw it. The rollback lands only on the very template that was shown (its ReplicaSet's uid and its hash).
  if (found.targetUid !== expectString(expect, 'targetUid')) {
    throw new TargetChanged(`the ReplicaSet of revision ${target} was replaced by another object`);
  }
  if (found.templateHash !== expectString(expect, 'templateHash')) {
    throw new TargetChanged(
      `the pod template of revision ${target} changed since it was shown (image now ${found.to})`,
    );
  }
  const patch: JsonPatchOp[] = [
    { op: 'test', path: `/metadata/annotations/${pointer(REVISION)}`, value: String(seenRevision) },
    { op: 'replace', path: '/spec/template', value: found.template },
    // The revision annotation was just tested, so the annotations map exists.
    ...approvalAnnotationOps({}, ctx.approvalId),
  ];
  await patchWorkload(op, uid, patch, ctx, dryRun);
  return `deployment.apps/${op.name} rolled back to revision ${target}${dryRun ? ' (server dry run)' : ''}`;
}

async function findRollback(op: Undo, ctx: MutationContext, phase: 'preflight' | 'execute') {
  const refuse = (message: string): Error =>
    phase === 'preflight' ? new PreflightRefusal(message) : new TargetChanged(message);
  const deployment = await readWorkloadOr(op, ctx, phase);
  const uid = uidOf(deployment);
  const current = Number(deployment.metadata?.annotations?.[REVISION] ?? Number.NaN);
  if (!Number.isInteger(current)) throw refuse(`deployment ${op.name} has no revision annotation yet`);
  const sets = await ownedReplicaSets(op, uid, ctx);
  const revisions = [...sets.keys()].sort((a, b) => a - b);
  const target = op.toRevision ?? revisions.filter((r) => r < current).at(-1);
  if (target === undefined) throw refuse(`deployment ${op.name} has no previous revision to roll back to`);
  if (target === current) throw refuse(`deployment ${op.name} is already at revision ${target}`);
  const rs = sets.get(target);
  if (!rs?.spec?.template)
    throw refuse(`deployment ${op.name} has no revision ${target} (known: ${revisions.join(', ')})`);
  const template = withoutHashLabel(rs);
  const targetUid = rs.metadata?.uid;
  if (targetUid === undefined) throw new Error('the API returned a ReplicaSet without a uid');
  const templateHash = `sha256:${createHash('sha256').update(canonicalJson(template)).digest('hex')}`;
  return {
    uid,
    current,
    target,
    template,
    targetUid,
    templateHash,
    from: imagesOf(deployment),
    to: imagesOf({ spec: { template } }),
  };
}

async function ownedReplicaSets(
  op: Undo,
  uid: string,
  ctx: MutationContext,
): Promise<Map<number, V1ReplicaSet>> {
  const options = requestOptions(ctx.signal ? { signal: ctx.signal } : {});
  const list = await ctx.cluster.apps.listNamespacedReplicaSet({ namespace: op.namespace }, options);
  const byRevision = new Map<number, V1ReplicaSet>();
  for (const rs of list.items) {
    if (!rs.metadata?.ownerReferences?.some((o) => o.uid === uid)) continue;
    const revision = Number(rs.metadata.annotations?.[REVISION]);
    if (Number.isInteger(revision)) byRevision.set(revision, rs);
  }
  return byRevision;
}

/** JSON-ready template: dates as strings, and the pod-template-hash label dropped as kubectl drops it. */
function withoutHashLabel(rs: V1ReplicaSet): Record<string, unknown> {
  const template = JSON.parse(JSON.stringify(rs.spec?.template)) as {
    metadata?: { labels?: Record<string, string> };
  };
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  return template;
}
