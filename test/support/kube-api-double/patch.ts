/** The three patch types the API server accepts for built-in types (server-side apply is not served). */
import { StatusError, badRequest, unsupportedMediaType, type Status } from './status.ts';
import { clone, isRecord, type JsonRecord } from './types.ts';

export type PatchType = 'strategic' | 'merge' | 'json';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  if (mediaType === 'application/strategic-merge-patch+json') return 'strategic';
  if (mediaType === 'application/merge-patch+json') return 'merge';
  if (mediaType === 'application/json-patch+json') return 'json';
  throw new StatusError(unsupportedMediaType());
}

export function applyPatch(target: JsonRecord, patch: unknown, type: PatchType): JsonRecord {
  switch (type) {
    case 'json':
      return applyJsonPatch(target, patch);
    case 'merge':
      return expectObject(mergePatch(target, expectObject(patch)));
    case 'strategic':
      return expectObject(strategicMerge(target, expectObject(patch), ''));
  }
}

function expectObject(value: unknown): JsonRecord {
  if (!isRecord(value)) throw new StatusError(badRequest('the request body must be a JSON object'));
  return value;
}

/** RFC 7386: objects merge, `null` deletes, everything else (lists included) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: JsonRecord = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) Reflect.deleteProperty(out, k);
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Merge keys from the Kubernetes OpenAPI `x-kubernetes-patch-merge-key` of the lists kubegate and kubectl patch;
 * any other list is replaced, which is also what the real server does for lists without a merge key.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
};

function mergeKeyFor(path: string): string | undefined {
  const field = path.slice(path.lastIndexOf('.') + 1);
  // Service ports merge by `port`, container ports by `containerPort`.
  if (field === 'ports') return path === '.spec.ports' ? 'port' : 'containerPort';
  return MERGE_KEYS[field];
}

function strategicMerge(target: unknown, patch: JsonRecord, path: string): unknown {
  if (patch['$patch'] === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  const out: JsonRecord = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    // kubectl apply's ordering and retain-keys directives carry no state for the double.
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/') || k === '$retainKeys')
      continue;
    const childPath = `${path}.${k}`;
    if (v === null) Reflect.deleteProperty(out, k);
    else if (isRecord(v)) {
      const merged = strategicMerge(out[k], v, childPath);
      if (merged === undefined) Reflect.deleteProperty(out, k);
      else out[k] = merged;
    } else if (Array.isArray(v)) out[k] = mergeList(out[k], v, mergeKeyFor(childPath), childPath);
    else out[k] = v;
  }
  return out;
}

function mergeList(target: unknown, patch: unknown[], key: string | undefined, path: string): unknown[] {
  if (key === undefined || !Array.isArray(target))
    return clone(patch.filter((p) => !(isRecord(p) && '$patch' in p)));
  const out: unknown[] = [...target];
  for (const item of patch) {
    if (!isRecord(item))
      throw new StatusError(badRequest(`unable to find api field in struct for list ${path}`));
    const index = out.findIndex((t) => isRecord(t) && t[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) out[index] = strategicMerge(out[index], item, path);
    else out.push(strategicMerge(undefined, item, path));
  }
  return out;
}

type Op = { op: string; path: string; value?: unknown; from?: string };

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new StatusError(badRequest(`invalid JSON pointer: ${pointer}`));
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function unprocessable(message: string): Status {
  return { ...badRequest(message), code: 422, reason: 'Invalid' };
}

/** RFC 6902 over a copy; a failed `test` or a missing path rejects the whole patch. */
function applyJsonPatch(target: JsonRecord, patch: unknown): JsonRecord {
  if (!Array.isArray(patch))
    throw new StatusError(badRequest('json patch must be a JSON array of operations'));
  let doc: unknown = clone(target);
  for (const raw of patch) {
    if (!isRecord(raw) || typeof raw['op'] !== 'string' || typeof raw['path'] !== 'string') {
      throw new StatusError(badRequest('json patch operation must have "op" and "path"'));
    }
    const op: Op = {
      op: raw['op'],
      path: raw['path'],
      value: raw['value'],
      ...(typeof raw['from'] === 'string' ? { from: raw['from'] } : {}),
    };
    doc = applyOp(doc, op);
  }
  return expectObject(doc);
}

function applyOp(doc: unknown, op: Op): unknown {
  const tokens = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      return write(doc, tokens, clone(op.value), 'add');
    case 'replace':
      read(doc, tokens, op.path);
      return write(doc, tokens, clone(op.value), 'replace');
    case 'remove':
      read(doc, tokens, op.path);
      return write(doc, tokens, undefined, 'remove');
    case 'test':
      if (JSON.stringify(read(doc, tokens, op.path)) !== JSON.stringify(op.value)) {
        throw new StatusError(
          unprocessable(
            `the server rejected our request due to an error in our request: testing value ${op.path} failed`,
          ),
        );
      }
      return doc;
    case 'move':
    case 'copy': {
      const from = parsePointer(op.from ?? '');
      const value = clone(read(doc, from, op.from ?? ''));
      const removed = op.op === 'move' ? write(doc, from, undefined, 'remove') : doc;
      return write(removed, tokens, value, 'add');
    }
    default:
      throw new StatusError(badRequest(`Unexpected kind: ${op.op}`));
  }
}

function read(doc: unknown, tokens: readonly string[], pointer: string): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)];
    else if (isRecord(cur) && t in cur) cur = cur[t];
    else
      throw new StatusError(
        unprocessable(
          `the server rejected our request due to an error in our request: missing value at ${pointer}`,
        ),
      );
  }
  return cur;
}

function write(
  doc: unknown,
  tokens: readonly string[],
  value: unknown,
  mode: 'add' | 'replace' | 'remove',
): unknown {
  const [head, ...rest] = tokens;
  if (head === undefined) return value;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    const index = head === '-' ? copy.length : Number(head);
    if (!Number.isInteger(index) || index < 0 || index > copy.length) {
      throw new StatusError(
        unprocessable(
          `the server rejected our request due to an error in our request: index ${head} out of range`,
        ),
      );
    }
    if (rest.length > 0) copy[index] = write(copy[index], rest, value, mode);
    else if (mode === 'remove') copy.splice(index, 1);
    else if (mode === 'add') copy.splice(index, 0, value);
    else copy[index] = value;
    return copy;
  }
  if (!isRecord(doc)) {
    throw new StatusError(
      unprocessable('the server rejected our request due to an error in our request: path does not exist'),
    );
  }
  const copy: JsonRecord = { ...doc };
  if (rest.length > 0) {
    if (!(head in copy)) {
      throw new StatusError(
        unprocessable(
          `the server rejected our request due to an error in our request: missing value at /${head}`,
        ),
      );
    }
    copy[head] = write(copy[head], rest, value, mode);
  } else if (mode === 'remove') Reflect.deleteProperty(copy, head);
  else copy[head] = value;
  return copy;
}
