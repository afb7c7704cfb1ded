import type { ReadOutput } from '../../approvals/ports.ts';
import { assertNever, err, ok, type Result } from '../../approvals/result.ts';
import type { Cluster } from '../api/cluster.ts';
import { callApi, type KubeFailure } from '../api/errors.ts';
import { listObjects, listTable, type ObjectQuery } from '../api/list-objects.ts';
import { requestOptions } from '../api/request-options.ts';
import { isClusterScoped } from '../command/kinds.ts';
import type {
  DescribeOperation,
  GetOperation,
  LogsOperation,
  ReadOperation,
  RolloutOperation,
} from '../command/model.ts';
import { renderDescribe } from '../printers/describe.ts';
import { renderObjects } from '../printers/objects.ts';
import { rolloutStatus } from '../printers/rollout-status.ts';
import { renderTable, tableRecords } from '../printers/table.ts';
import { readTarget, type Workload } from './mutations/workloads.ts';
import { targetChanged } from './mutations/types.ts';
import {
  redactObjects,
  redactStringsInPlace,
  redactText,
  redactionNotice,
  type RedactOptions,
} from '../command/redact.ts';

export type ReadContext = {
  readonly cluster: Cluster;
  readonly signal?: AbortSignal;
  readonly redact?: RedactOptions;
  /** The deadline the caller set, so a timeout's message can say how long kubegate waited. */
  readonly timeoutMs?: number;
};

type Read = Promise<Result<ReadOutput, KubeFailure>>;

/**
 * Runs a read-only operation: kubectl-like text for people, plain objects for agents, both with secret material
 * redacted (see command/redact.ts) and a note of what was. Every failure comes back as a value: a refusal of the
 * API server keeps its status (`pods "x" not found` is a 404), an unreachable server has none.
 */
export async function runRead(op: ReadOperation, ctx: ReadContext): Read {
  const read = await readRaw(op, ctx);
  if (!read.ok) return read;
  const text = redactText(read.value.output);
  const notes = [...(read.value.redacted ?? []), ...text.notes];
  // JSON output stays parseable: its redacted values say so in place, and `redacted` lists them.
  const json = op.verb === 'get' && op.output === 'json';
  const output = notes.length === 0 || json ? text.value : `${text.value}\n${redactionNotice(notes)}`;
  return ok({ output, data: read.value.data, redacted: notes });
}

function readRaw(op: ReadOperation, ctx: ReadContext): Read {
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

const notFound = (kind: string, name: string): KubeFailure => ({
  status: 404,
  reason: 'NotFound',
  message: `${kind}s "${name}" not found`,
});

/** A name is a field selector, so a get by name and a list share one request and one way of printing. */
function queryOf(op: GetOperation): ObjectQuery {
  const fields = [op.name && `metadata.name=${op.name}`, op.fieldSelector].filter(Boolean).join(',');
  return {
    kind: op.kind,
    namespace: op.namespace,
    ...(op.labelSelector === undefined ? {} : { labelSelector: op.labelSelector }),
    ...(fields === '' ? {} : { fieldSelector: fields }),
  };
}

async function get(op: GetOperation, ctx: ReadContext): Read {
  if (op.output === 'table' || op.output === 'wide') return getTable(op, ctx);
  const list = await listObjects(ctx.cluster, queryOf(op), { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  if (!list.ok) return list;
  if (op.name !== undefined && list.value.length === 0) return err(notFound(op.kind, op.name));
  const { value: shown, notes } = redactObjects(op.kind, list.value, ctx.redact);
  const output = renderObjects(op.kind, op.output, shown, op.name !== undefined);
  return ok({ output, data: op.name !== undefined ? shown[0] : shown, redacted: notes });
}

/**
 * A table read: the server's Table printed as kubectl prints it, and its rows as records for agents (whole
 * objects are `-o json`'s answer, as with kubectl). The cells are scrubbed of secret-shaped strings before either
 * is made, so the text and the data say the same and the redaction is counted once.
 */
async function getTable(op: GetOperation, ctx: ReadContext): Read {
  const withNamespace = op.namespace === null && !isClusterScoped(op.kind);
  const options = { signal: ctx.signal, timeoutMs: ctx.timeoutMs, withNamespace };
  const table = await listTable(ctx.cluster, queryOf(op), options);
  if (!table.ok) return table;
  if (op.name !== undefined && table.value.rows.length === 0) return err(notFound(op.kind, op.name));
  const { notes } = redactStringsInPlace(table.value.rows.map((row) => row.cells));
  const output = renderTable(table.value, {
    wide: op.output === 'wide',
    withNamespace,
    namespace: op.namespace,
  });
  const rows = tableRecords(table.value, withNamespace);
  return ok({ output, data: op.name !== undefined ? rows[0] : rows, redacted: notes });
}

async function describe(op: DescribeOperation, ctx: ReadContext): Read {
  const options = { signal: ctx.signal, timeoutMs: ctx.timeoutMs };
  const namespace = op.namespace;
  const found = await listObjects(
    ctx.cluster,
    { kind: op.kind, namespace, fieldSelector: `metadata.name=${op.name}` },
    options,
  );
  if (!found.ok) return found;
  const [object] = found.value;
  if (!object) return err(notFound(op.kind, op.name));
  const events = await listObjects(
    ctx.cluster,
    { kind: 'event', namespace, fieldSelector: `involvedObject.name=${op.name}` },
    options,
  );
  if (!events.ok) return events;
  // A deployment's description names its old and new ReplicaSets, as kubectl's does.
  const replicaSets =
    op.kind === 'deployment'
      ? await listObjects(ctx.cluster, { kind: 'replicaset', namespace }, options)
      : ok([]);
  if (!replicaSets.ok) return replicaSets;
  const typed = redactObjects(op.kind, object, ctx.redact);
  const shown = redactObjects('replicaset', replicaSets.value, ctx.redact);
  // describe is printed client-side, as kubectl does: from the raw JSON (times are RFC 3339 strings).
  const described = renderDescribe(op.kind, typed.value, events.value, new Date(), {
    replicaSets: shown.value,
  });
  return ok({
    output: described,
    data: { object: typed.value, events: events.value },
    redacted: [...typed.notes, ...shown.notes],
  });
}

async function logs(op: LogsOperation, ctx: ReadContext): Read {
  const read = await callApi(
    () =>
      ctx.cluster.core.readNamespacedPodLog(
        {
          name: op.pod,
          namespace: op.namespace,
          previous: op.previous,
          ...(op.container === undefined ? {} : { container: op.container }),
          ...(op.tailLines === undefined ? {} : { tailLines: op.tailLines }),
          ...(op.sinceSeconds === undefined ? {} : { sinceSeconds: op.sinceSeconds }),
        },
        requestOptions({ signal: ctx.signal }),
      ),
    ctx.timeoutMs,
  );
  if (!read.ok) return read;
  const text = read.value;
  const lines = text.split('\n').filter((l) => l.length > 0).length;
  return ok({ output: text, data: { pod: op.pod, namespace: op.namespace, lines } });
}

async function rollout(op: RolloutOperation, ctx: ReadContext): Read {
  const read = await readTarget(op, ctx, targetChanged);
  if (!read.ok) {
    const e = read.error;
    // A missing workload is the API's own 404, worded as kubegate words a missing target.
    return err(
      e.code === 'api_failed'
        ? e.failure
        : { status: 404, message: e.message, ...(e.cause ? { cause: e.cause } : {}) },
    );
  }
  const workload = read.value;
  switch (op.action) {
    case 'status': {
      const status = rolloutStatus(op.kind, op.name, workload);
      return ok({ output: status.message, data: status });
    }
    case 'history':
      return history(op, workload, ctx);
    case 'restart':
    case 'undo':
      // classify() never hands a change to a read; a value, not a throw, in case it ever does.
      return err({ message: `rollout ${op.action} is not a read` });
  }
}

async function history(op: RolloutOperation, workload: Workload, ctx: ReadContext): Read {
  if (op.kind !== 'deployment') {
    return err({
      status: 501,
      message: `rollout history of a ${op.kind} needs ControllerRevisions, which kubegate does not read yet`,
    });
  }
  const options = { signal: ctx.signal, timeoutMs: ctx.timeoutMs };
  const sets = await listObjects(ctx.cluster, { kind: 'replicaset', namespace: op.namespace }, options);
  if (!sets.ok) return sets;
  const uid = workload.metadata?.uid;
  const revisions = sets.value
    .map((rs) => rs as ReplicaSetJson)
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.uid === uid))
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
  return ok({ output: lines.join('\n'), data: revisions });
}

/** The fields of a ReplicaSet that history reads, as the raw JSON has them. */
type ReplicaSetJson = {
  metadata?: { ownerReferences?: { uid?: string }[]; annotations?: Record<string, string> };
  spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
};
