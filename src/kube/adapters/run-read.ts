import type { CoreV1Event, KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import type { ReadOutput } from '../../approvals/ports.ts';
import { assertNever } from '../../approvals/result.ts';
import type { Cluster } from '../api/cluster.ts';
import type { ReadOperation } from '../command/model.ts';
import type { DescribeOperation, GetOperation, LogsOperation, RolloutOperation } from '../command/model.ts';
import { renderDescribe } from '../printers/describe.ts';
import { renderObjects } from '../printers/objects.ts';
import { readWorkloadOr, type Workload } from './mutations/workloads.ts';
import { TargetChanged } from './mutations/types.ts';
import { TYPE_META, listObjects } from '../api/list-objects.ts';
import { requestOptions } from '../api/request-options.ts';
import { rolloutStatus } from '../printers/rollout-status.ts';
import { redactObjects, redactText, redactionNotice, type RedactOptions } from './redact.ts';

type ReadContext = {
  readonly cluster: Cluster;
  readonly signal?: AbortSignal;
  readonly redact?: RedactOptions;
};

/** A read the API could not answer as asked (`pods "x" not found`), worded as kubectl words it. */
export class ReadFailure extends Error {
  override readonly name = 'ReadFailure';
}

/**
 * Runs a read-only operation: kubectl-like text for people, plain objects for agents, both with secret material
 * redacted (see redact.ts) and a note of what was.
 */
export async function runRead(op: ReadOperation, ctx: ReadContext): Promise<ReadOutput> {
  const read = await readRaw(op, ctx);
  const text = redactText(read.output);
  const notes = [...(read.redacted ?? []), ...text.notes];
  // JSON output stays parseable: its redacted values say so in place, and `redacted` lists them.
  const json = op.verb === 'get' && op.output === 'json';
  const output = notes.length === 0 || json ? text.value : `${text.value}\n${redactionNotice(notes)}`;
  return { output, data: read.data, redacted: notes };
}

async function readRaw(op: ReadOperation, ctx: ReadContext): Promise<ReadOutput> {
  switch (op.verb) {
    case 'get':
      return get(op, ctx);
    case 'describe':
      return describe(op, ctx);
    case 'logs':
      return logs(op, ctx);
    case 'rollout':
      return rollout(op, ctx);
    default:
      return assertNever(op);
  }
}

async function get(op: GetOperation, ctx: ReadContext): Promise<ReadOutput> {
  const items = (
    await listObjects(
      ctx.cluster,
      {
        kind: op.kind,
        namespace: op.namespace,
        ...(op.labelSelector === undefined ? {} : { labelSelector: op.labelSelector }),
        ...(op.fieldSelector === undefined && op.name === undefined
          ? {}
          : {
              fieldSelector: [op.name && `metadata.name=${op.name}`, op.fieldSelector]
                .filter(Boolean)
                .join(','),
            }),
      },
      ctx.signal,
    )
  ).map((item) => withTypeMeta(op.kind, item));
  if (op.name !== undefined && items.length === 0)
    throw new ReadFailure(`${op.kind}s "${op.name}" not found`);
  const { value: shown, notes } = redactObjects(op.kind, items, ctx.redact);
  const output = renderObjects(op, shown, op.name !== undefined, {
    now: new Date(),
    ...(op.namespace === null ? {} : { namespace: op.namespace }),
  });
  return { output, data: op.name !== undefined ? shown[0] : shown, redacted: notes };
}

async function describe(op: DescribeOperation, ctx: ReadContext): Promise<ReadOutput> {
  const [object] = await listObjects(
    ctx.cluster,
    { kind: op.kind, namespace: op.namespace, fieldSelector: `metadata.name=${op.name}` },
    ctx.signal,
  );
  if (!object) throw new ReadFailure(`${op.kind}s "${op.name}" not found`);
  const events = (await listObjects(
    ctx.cluster,
    { kind: 'event', namespace: op.namespace, fieldSelector: `involvedObject.name=${op.name}` },
    ctx.signal,
  )) as CoreV1Event[];
  const typed = redactObjects(op.kind, withTypeMeta(op.kind, object), ctx.redact);
  // A deployment's description names its old and new ReplicaSets, as kubectl's does.
  const replicaSets =
    op.kind === 'deployment'
      ? await listObjects(ctx.cluster, { kind: 'replicaset', namespace: op.namespace }, ctx.signal)
      : [];
  const shown = redactObjects('replicaset', replicaSets, ctx.redact);
  return {
    output: renderDescribe(op.kind, typed.value, events, new Date(), { replicaSets: shown.value }),
    data: { object: typed.value, events },
    redacted: [...typed.notes, ...shown.notes],
  };
}

async function logs(op: LogsOperation, ctx: ReadContext): Promise<ReadOutput> {
  const text = await ctx.cluster.core.readNamespacedPodLog(
    {
      name: op.pod,
      namespace: op.namespace,
      previous: op.previous,
      ...(op.container === undefined ? {} : { container: op.container }),
      ...(op.tailLines === undefined ? {} : { tailLines: op.tailLines }),
      ...(op.sinceSeconds === undefined ? {} : { sinceSeconds: op.sinceSeconds }),
    },
    requestOptions(ctx.signal ? { signal: ctx.signal } : {}),
  );
  return {
    output: text,
    data: {
      pod: op.pod,
      namespace: op.namespace,
      lines: text.split('\n').filter((l) => l.length > 0).length,
    },
  };
}

async function rollout(op: RolloutOperation, ctx: ReadContext): Promise<ReadOutput> {
  const workload = await readWorkloadOr(op, ctx, 'execute').catch((e: unknown) => {
    throw e instanceof TargetChanged ? new ReadFailure(e.message) : e;
  });
  if (op.action === 'status') {
    const status = rolloutStatus(op.kind, op.name, workload);
    return { output: status.message, data: status };
  }
  if (op.action === 'history') return history(op, workload, ctx);
  throw new Error(`rollout ${op.action} is not a read`);
}

async function history(op: RolloutOperation, workload: Workload, ctx: ReadContext): Promise<ReadOutput> {
  if (op.kind !== 'deployment')
    throw new ReadFailure(
      `rollout history of a ${op.kind} needs ControllerRevisions, which kubegate does not read yet`,
    );
  const uid = workload.metadata?.uid;
  const sets = (
    await ctx.cluster.apps.listNamespacedReplicaSet(
      { namespace: op.namespace },
      requestOptions(ctx.signal ? { signal: ctx.signal } : {}),
    )
  ).items.filter((rs: V1ReplicaSet) => rs.metadata?.ownerReferences?.some((o) => o.uid === uid));
  const revisions = sets
    .map((rs) => ({
      revision: Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']),
      changeCause: rs.metadata?.annotations?.['kubernetes.io/change-cause'] ?? '<none>',
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '?'),
    }))
    .filter((r) => Number.isInteger(r.revision))
    .sort((a, b) => a.revision - b.revision);
  const lines = [
    `deployment.apps/${op.name}`,
    'REVISION  CHANGE-CAUSE',
    ...revisions.map((r) => `${String(r.revision).padEnd(10)}${r.changeCause}`),
  ];
  return { output: lines.join('\n'), data: revisions };
}

function withTypeMeta(kind: GetOperation['kind'], item: KubernetesObject): KubernetesObject {
  return { ...TYPE_META[kind], ...item };
}
