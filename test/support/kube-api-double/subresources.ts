/** The scale, status and log subresources. */
import { applyPatch, patchTypeOf } from './patch.ts';
import { type ApiRequest, type ApiResponse, requireObject, write } from './operations.ts';
import { selectorString } from './selectors.ts';
import { StatusError, badRequest, invalid, methodNotAllowed, pathNotFound } from './status.ts';
import type { Store } from './store.ts';
import { isRecord, type JsonRecord, type KubeObject } from './types.ts';

function toScale(obj: KubeObject): JsonRecord {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const status = isRecord(obj['status']) ? obj['status'] : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec['replicas'] ?? 1 },
    status: {
      replicas: typeof status['replicas'] === 'number' ? status['replicas'] : 0,
      selector: selectorString(spec['selector']),
    },
  };
}

function scale(store: Store, req: ApiRequest, method: string): ApiResponse {
  const { r, namespace, name } = req.route;
  const current = requireObject(r, name, store, namespace);
  if (method === 'GET') return { code: 200, body: toScale(current) };
  const before = toScale(current);
  const after = method === 'PATCH' ? applyPatch(before, req.body, patchTypeOf(req.contentType)) : req.body;
  if (!isRecord(after)) throw new StatusError(badRequest('the request body must be a JSON object'));
  const replicas = isRecord(after['spec']) ? after['spec']['replicas'] : undefined;
  if (!Number.isInteger(replicas) || Number(replicas) < 0) {
    throw new StatusError({
      ...invalid(r, current.metadata.name, [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.replicas',
          message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        },
      ]),
      message: `Scale.autoscaling "${current.metadata.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    });
  }
  const meta = isRecord(after['metadata']) ? after['metadata'] : {};
  const resourceVersion = typeof meta['resourceVersion'] === 'string' ? meta['resourceVersion'] : '';
  const next = {
    ...current,
    metadata: { ...current.metadata, resourceVersion },
    spec: { ...(isRecord(current['spec']) ? current['spec'] : {}), replicas },
  };
  return { code: 200, body: toScale(write(store, req, current, next, true)) };
}

function status(store: Store, req: ApiRequest, method: string): ApiResponse {
  const { r, namespace, name } = req.route;
  const current = requireObject(r, name, store, namespace);
  if (method === 'GET') return { code: 200, body: current };
  const changed = method === 'PATCH' ? applyPatch(current, req.body, patchTypeOf(req.contentType)) : req.body;
  if (!isRecord(changed)) throw new StatusError(badRequest('the request body must be a JSON object'));
  const meta = isRecord(changed['metadata']) ? changed['metadata'] : {};
  const resourceVersion = typeof meta['resourceVersion'] === 'string' ? meta['resourceVersion'] : '';
  // Through /status only status changes; spec and metadata edits are dropped, as the real strategies do.
  const next = { ...current, metadata: { ...current.metadata, resourceVersion }, status: changed['status'] };
  return { code: 200, body: write(store, req, current, next, false) };
}

function tail<T>(items: readonly T[], count: string | null): readonly T[] {
  if (count === null) return items;
  const n = Number(count);
  if (!Number.isInteger(n) || n < 0)
    throw new StatusError(
      badRequest(`tailLines: Invalid value: "${count}": must be greater than or equal to 0`),
    );
  return n === 0 ? [] : items.slice(-n);
}

/** Mirrors the kubelet's log endpoint: container choice, previous instance, tailLines, sinceSeconds, timestamps. */
function log(store: Store, req: ApiRequest, now: number): ApiResponse {
  const { r, namespace, name } = req.route;
  const pod = requireObject(r, name, store, namespace);
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const names = (Array.isArray(spec['containers']) ? spec['containers'] : []).flatMap((c: unknown) =>
    isRecord(c) && typeof c['name'] === 'string' ? [c['name']] : [],
  );
  const container = req.query.get('container') ?? (names.length === 1 ? names[0] : undefined);
  if (container === undefined) {
    throw new StatusError(
      badRequest(
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`,
      ),
    );
  }
  if (!names.includes(container))
    throw new StatusError(badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`));
  const previous = req.query.get('previous') === 'true';
  const lines = store.getLog(pod.metadata.namespace ?? '', pod.metadata.name, container, previous);
  if (lines === undefined && previous) {
    throw new StatusError(
      badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`),
    );
  }
  const since = req.query.get('sinceSeconds');
  const cutoff = since === null ? -Infinity : now - Number(since) * 1000;
  const timestamps = req.query.get('timestamps') === 'true';
  const selected = tail(
    (lines ?? []).filter((l) => Date.parse(l.at) >= cutoff),
    req.query.get('tailLines'),
  );
  const text = selected.map((l) => `${timestamps ? `${l.at} ` : ''}${l.line}\n`).join('');
  return { code: 200, body: text, contentType: 'text/plain' };
}

export function handleSubresource(store: Store, req: ApiRequest, method: string, now: number): ApiResponse {
  const sub = req.route.sub ?? '';
  if (!(req.route.r.subresources as readonly string[]).includes(sub)) throw new StatusError(pathNotFound());
  if (sub === 'log') {
    if (method !== 'GET') throw new StatusError(methodNotAllowed());
    return log(store, req, now);
  }
  if (!['GET', 'PUT', 'PATCH'].includes(method)) throw new StatusError(methodNotAllowed());
  return sub === 'scale' ? scale(store, req, method) : status(store, req, method);
}
