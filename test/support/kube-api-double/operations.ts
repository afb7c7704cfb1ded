/** Verb handlers for `/{prefix}/[namespaces/{ns}/]{plural}[/{name}]`, with the API server's error semantics. */
import { reconcile } from './controller.ts';
import { applyPatch, patchTypeOf } from './patch.ts';
import { RESOURCES, apiVersionOf, resource, type ResourceType } from './resources.ts';
import { parseFieldSelector, parseLabelSelector } from './selectors.ts';
import {
  MODIFIED,
  StatusError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  success,
  unsupportedMediaType,
} from './status.ts';
import type { Store } from './store.ts';
import { toTable, wantsTable } from './table.ts';
import { randomSuffix } from './template.ts';
import { isRecord, type JsonRecord, type KubeObject } from './types.ts';
import { applyDefaults, validate } from './validation.ts';

export interface Route {
  r: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  sub: string | undefined;
}

export interface ApiRequest {
  route: Route;
  query: URLSearchParams;
  contentType: string | undefined;
  accept: string | undefined;
  body: unknown;
}

export interface ApiResponse {
  code: number;
  body: unknown;
  contentType?: string;
}

const namespaces = resource('namespaces');

/** `dryRun=All` is the only value the API accepts; anything else is a 400, as for real. */
export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values)
    if (v !== 'All') throw new StatusError(badRequest(`Invalid dryRun value: ${v}; supported values: All`));
  return values.length > 0;
}

export function requireObject(
  r: ResourceType,
  name: string | undefined,
  store: Store,
  namespace: string | undefined,
): KubeObject {
  const found = name === undefined ? undefined : store.get(r, namespace, name);
  if (!found) throw new StatusError(notFound(r, name ?? ''));
  return found;
}

function bodyObject(body: unknown): JsonRecord {
  if (typeof body === 'string') throw new StatusError(unsupportedMediaType());
  if (!isRecord(body)) throw new StatusError(badRequest('the request body must be a JSON object'));
  return body;
}

function withKind(r: ResourceType, obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(r), kind: r.kind };
}

export function list(store: Store, req: ApiRequest, now: number): ApiResponse {
  const { r, namespace } = req.route;
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'), req.route.r);
  const selected = store.list(r, namespace).filter((o) => labels(o) && fields(o));
  if (wantsTable(req.accept))
    return { code: 200, body: toTable(r, selected, store.revision, now, req.query.get('includeObject')) };
  // Lists carry kind on the list, not on items, as the real server encodes built-in types.
  const items = selected.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return {
    code: 200,
    body: {
      kind: `${r.kind}List`,
      apiVersion: apiVersionOf(r),
      metadata: { resourceVersion: store.revision },
      items,
    },
  };
}

export function get(store: Store, req: ApiRequest, now: number): ApiResponse {
  const obj = requireObject(req.route.r, req.route.name, store, req.route.namespace);
  if (wantsTable(req.accept))
    return {
      code: 200,
      body: toTable(req.route.r, [obj], store.revision, now, req.query.get('includeObject')),
    };
  return { code: 200, body: obj };
}

function checkKind(r: ResourceType, body: JsonRecord): void {
  if (body['kind'] !== undefined && body['kind'] !== r.kind) {
    throw new StatusError(
      badRequest(
        `the kind in the data (${JSON.stringify(body['kind'])}) does not match the expected kind (${r.kind})`,
      ),
    );
  }
  if (body['apiVersion'] !== undefined && body['apiVersion'] !== apiVersionOf(r)) {
    throw new StatusError(
      badRequest(
        `the API version in the data (${JSON.stringify(body['apiVersion'])}) does not match the expected API version (${apiVersionOf(r)})`,
      ),
    );
  }
}

export function create(store: Store, req: ApiRequest): ApiResponse {
  const { r, namespace } = req.route;
  const body = bodyObject(req.body);
  checkKind(r, body);
  const meta = isRecord(body['metadata']) ? body['metadata'] : {};
  const generateName = typeof meta['generateName'] === 'string' ? meta['generateName'] : undefined;
  const name =
    typeof meta['name'] === 'string' && meta['name'] !== ''
      ? meta['name']
      : generateName && `${generateName}${randomSuffix()}`;
  if (name === undefined) {
    throw new StatusError(
      invalid(r, '', [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]),
    );
  }
  if (r.namespaced && meta['namespace'] !== undefined && meta['namespace'] !== namespace) {
    throw new StatusError(
      badRequest('the namespace of the provided object does not match the namespace sent on the request'),
    );
  }
  if (r.namespaced && !store.get(namespaces, undefined, namespace ?? ''))
    throw new StatusError(notFound(namespaces, namespace ?? ''));
  if (store.get(r, namespace, name)) throw new StatusError(alreadyExists(r, name));
  const obj = applyDefaults(r, {
    ...body,
    apiVersion: apiVersionOf(r),
    kind: r.kind,
    metadata: {
      ...meta,
      name,
      ...(r.namespaced && namespace !== undefined ? { namespace } : {}),
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
    },
  });
  validate(r, obj);
  if (isDryRun(req.query)) return { code: 201, body: store.prepareCreate(r, obj) };
  const created = store.create(r, obj);
  // No controller acts on an Event, and kubegate records one per change it makes: under load, reconciling every
  // workload after each of them was most of the double's time.
  if (r.plural !== 'events') reconcile(store);
  return { code: 201, body: created };
}

function checkResourceVersion(r: ResourceType, current: KubeObject, next: KubeObject): void {
  const rv = next.metadata.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) {
    throw new StatusError(conflict(r, current.metadata.name, MODIFIED));
  }
}

/** Writes a new version of an object; `keepStatus` because the main resource ignores status (the /status subresource owns it). */
export function write(
  store: Store,
  req: ApiRequest,
  current: KubeObject,
  next: KubeObject,
  keepStatus: boolean,
): KubeObject {
  const { r } = req.route;
  checkResourceVersion(r, current, next);
  const candidate = withKind(r, {
    ...next,
    ...(keepStatus && current['status'] !== undefined ? { status: current['status'] } : {}),
  });
  validate(r, { ...candidate, metadata: { ...candidate.metadata, name: current.metadata.name } });
  if (isDryRun(req.query)) return store.prepareUpdate(r, current, candidate);
  const updated = store.update(r, current, candidate);
  reconcile(store);
  return store.get(r, updated.metadata.namespace, updated.metadata.name) ?? updated;
}

export function replace(store: Store, req: ApiRequest): ApiResponse {
  const { r, namespace, name } = req.route;
  const current = requireObject(r, name, store, namespace);
  const body = bodyObject(req.body);
  checkKind(r, body);
  const meta = isRecord(body['metadata']) ? body['metadata'] : {};
  if (meta['name'] !== name) {
    throw new StatusError(
      badRequest(
        `the name of the object (${String(meta['name'])}) does not match the name on the URL (${name ?? ''})`,
      ),
    );
  }
  const next = { ...body, metadata: { ...current.metadata, ...meta } } as KubeObject;
  return { code: 200, body: write(store, req, current, next, req.route.sub !== 'status') };
}

export function patch(store: Store, req: ApiRequest): ApiResponse {
  const { r, namespace, name } = req.route;
  const current = requireObject(r, name, store, namespace);
  const type = patchTypeOf(req.contentType);
  const patched = applyPatch(current, req.body, type);
  if (!isRecord(patched['metadata'])) throw new StatusError(badRequest('metadata must be an object'));
  const next = { ...patched, metadata: { ...current.metadata, ...patched['metadata'] } } as KubeObject;
  return { code: 200, body: write(store, req, current, next, req.route.sub !== 'status') };
}

interface DeleteOptions {
  gracePeriodSeconds: number | undefined;
  propagationPolicy: 'Orphan' | 'Background' | 'Foreground';
  preconditions: { uid?: unknown; resourceVersion?: unknown };
}

function deleteOptions(r: ResourceType, body: unknown, query: URLSearchParams): DeleteOptions {
  const opts = body === undefined ? {} : bodyObject(body);
  const grace =
    opts['gracePeriodSeconds'] ??
    (query.has('gracePeriodSeconds') ? Number(query.get('gracePeriodSeconds')) : undefined);
  if (grace !== undefined && !Number.isInteger(grace))
    throw new StatusError(badRequest('gracePeriodSeconds must be an integer'));
  const orphan = opts['orphanDependents'] ?? (query.get('orphanDependents') === 'true' ? true : undefined);
  const policy =
    opts['propagationPolicy'] ??
    query.get('propagationPolicy') ??
    (orphan === true ? 'Orphan' : 'Background');
  if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
    throw new StatusError(
      invalid(r, '', [
        {
          reason: 'FieldValueNotSupported',
          field: 'propagationPolicy',
          message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
        },
      ]),
    );
  }
  return {
    gracePeriodSeconds: typeof grace === 'number' ? grace : undefined,
    propagationPolicy: policy,
    preconditions: isRecord(opts['preconditions']) ? opts['preconditions'] : {},
  };
}

/** Orphaning strips the owner reference first, so the garbage collector leaves dependents alone. */
function orphanDependents(store: Store, owner: KubeObject): void {
  for (const r of [resource('replicasets'), resource('pods')]) {
    for (const obj of store.list(r, owner.metadata.namespace)) {
      const refs = obj.metadata.ownerReferences ?? [];
      if (!refs.some((ref) => ref.uid === owner.metadata.uid)) continue;
      store.update(r, obj, {
        ...obj,
        metadata: { ...obj.metadata, ownerReferences: refs.filter((ref) => ref.uid !== owner.metadata.uid) },
      });
    }
  }
}

function deleteNamespaceContents(store: Store, namespace: string): void {
  for (const r of RESOURCES.filter((x) => x.namespaced))
    for (const obj of store.list(r, namespace)) store.delete(r, obj);
}

/**
 * Deletion is immediate (there is no kubelet to wait for); pods still answer with the object carrying
 * deletionTimestamp, and other kinds with a Success Status, as the real server does.
 */
export function remove(store: Store, req: ApiRequest): ApiResponse {
  const { r, namespace, name } = req.route;
  const current = requireObject(r, name, store, namespace);
  const opts = deleteOptions(r, req.body, req.query);
  const { uid, resourceVersion } = opts.preconditions;
  if (uid !== undefined && uid !== current.metadata.uid) {
    throw new StatusError(
      conflict(
        r,
        current.metadata.name,
        `Precondition failed: UID in precondition: ${typeof uid === 'string' ? uid : JSON.stringify(uid)}, UID in object meta: ${current.metadata.uid}`,
      ),
    );
  }
  if (resourceVersion !== undefined && resourceVersion !== current.metadata.resourceVersion) {
    throw new StatusError(
      conflict(
        r,
        current.metadata.name,
        `Precondition failed: ResourceVersion in precondition: ${typeof resourceVersion === 'string' ? resourceVersion : JSON.stringify(resourceVersion)}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      ),
    );
  }
  const spec = isRecord(current['spec']) ? current['spec'] : {};
  const grace =
    opts.gracePeriodSeconds ??
    (typeof spec['terminationGracePeriodSeconds'] === 'number' ? spec['terminationGracePeriodSeconds'] : 30);
  const answer =
    r.kind === 'Pod'
      ? {
          ...current,
          metadata: {
            ...current.metadata,
            deletionTimestamp: new Date(Date.parse(store.now()) + grace * 1000)
              .toISOString()
              .replace(/\.\d{3}Z$/, 'Z'),
            deletionGracePeriodSeconds: grace,
          },
        }
      : success(r, current.metadata.name, current.metadata.uid);
  if (isDryRun(req.query)) return { code: 200, body: answer };
  if (opts.propagationPolicy === 'Orphan') orphanDependents(store, current);
  if (r === namespaces) deleteNamespaceContents(store, current.metadata.name);
  store.delete(r, current);
  reconcile(store);
  return { code: 200, body: answer };
}
