import { err, ok, type Result } from '../../approvals/result.ts';
import { collectionPath, typeMetaOf } from '../command/kinds.ts';
import type { Kind } from '../command/model.ts';
import type { Cluster } from './cluster.ts';
import { callApi, failureOf, type KubeFailure } from './errors.ts';

export type ObjectQuery = {
  readonly kind: Kind;
  /** null: all namespaces, or a cluster-scoped kind. */
  readonly namespace: string | null;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
};

/** An object as the API server sent it: plain JSON, times as RFC 3339 strings. */
export type ApiObject = { readonly metadata?: { readonly name?: string; readonly namespace?: string } } & {
  readonly [field: string]: unknown;
};

/** meta.k8s.io/v1 Table: the server's own printing of a list, as `kubectl get` requests it. */
export type ApiTable = {
  readonly columnDefinitions: readonly { readonly name: string; readonly priority: number }[];
  readonly rows: readonly { readonly cells: readonly unknown[]; readonly object?: ApiObject }[];
};

// What kubectl sends for `get`: a Table if the server can print one, else plain JSON.
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const JSON_ONLY = 'application/json';

type ReadOptions = { readonly signal?: AbortSignal | undefined; readonly timeoutMs?: number | undefined };

/** Lists objects of one kind, each with its apiVersion and kind (list items carry neither on the wire). */
export async function listObjects(
  cluster: Cluster,
  query: ObjectQuery,
  options: ReadOptions = {},
): Promise<Result<ApiObject[], KubeFailure>> {
  const list = await getJson(cluster, query, JSON_ONLY, {}, options);
  if (!list.ok) return list;
  const items = isRecord(list.value) && Array.isArray(list.value.items) ? list.value.items : [];
  const typeMeta = typeMetaOf(query.kind);
  return ok(items.filter(isRecord).map((item) => ({ ...typeMeta, ...item })));
}

/**
 * The server's Table for a list. Rows carry no objects (`includeObject=None`) unless a NAMESPACE column is wanted,
 * for which their metadata (`Metadata`, kubectl's own default) says where each row lives.
 */
export async function listTable(
  cluster: Cluster,
  query: ObjectQuery,
  options: ReadOptions & { readonly withNamespace?: boolean } = {},
): Promise<Result<ApiTable, KubeFailure>> {
  const includeObject = options.withNamespace === true ? 'Metadata' : 'None';
  const table = await getJson(cluster, query, TABLE, { includeObject }, options);
  if (!table.ok) return table;
  const { value } = table;
  if (!isRecord(value) || value.kind !== 'Table' || !Array.isArray(value.rows)) {
    return err({ message: `the API server answered a ${query.kind} list without a Table` });
  }
  return ok(value as unknown as ApiTable);
}

async function getJson(
  cluster: Cluster,
  query: ObjectQuery,
  accept: string,
  extra: Readonly<Record<string, string>>,
  { signal, timeoutMs }: ReadOptions,
): Promise<Result<unknown, KubeFailure>> {
  const params: Record<string, string> = { ...extra };
  if (query.labelSelector !== undefined) params.labelSelector = query.labelSelector;
  if (query.fieldSelector !== undefined) params.fieldSelector = query.fieldSelector;
  const sent = await callApi(async (): Promise<Result<unknown, KubeFailure>> => {
    const path = collectionPath(query.kind, query.namespace);
    const response = await cluster.get({ path, query: params, accept, ...(signal ? { signal } : {}) });
    if (response.status >= 400) return err(failureOf(response.status, response.body));
    return ok(JSON.parse(response.body));
  }, timeoutMs);
  return sent.ok ? sent.value : sent;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
