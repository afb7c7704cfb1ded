/**
 * events.k8s.io/v1 Events as the API server serves them: stored as core/v1 Events (one storage, two views), with
 * the v1 create validation of pkg/apis/core/validation/events.go and the strict MicroTime decoding that refuses
 * `toISOString()`'s three fractional digits.
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/events/v1/conversion.go
 */
import { create, get, list, remove, type ApiRequest, type ApiResponse } from './operations.ts';
import { resource, type ResourceType } from './resources.ts';
import { StatusError, badRequest, invalid, methodNotAllowed, type StatusCause } from './status.ts';
import type { Store } from './store.ts';
import { wantsTable } from './table.ts';
import { isRecord, type JsonRecord, type KubeObject } from './types.ts';

const core = resource('events');
// metav1.RFC3339Micro: exactly six fractional digits.
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;
const LIMITS = { reportingInstance: 128, action: 128, reason: 128, note: 1024 } as const;

/** events.k8s.io field labels mapped onto the stored core/v1 fields. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
};
const toCoreField = (key: string): string =>
  FIELD_LABELS[key] ?? key.replace(/^regarding\./, 'involvedObject.');

export function dispatchEventsV1(store: Store, api: ApiRequest, method: string, now: number): ApiResponse {
  const coreApi = { ...api, route: { ...api.route, r: core }, query: coreQuery(api.query) };
  const { name } = api.route;
  if (method === 'POST' && name === undefined) {
    const answer = create(store, { ...coreApi, body: toCore(validateCreate(api.route.r, api.body)) });
    return { ...answer, body: fromCore(answer.body) };
  }
  if (method === 'GET') {
    const answer = name === undefined ? list(store, coreApi, now) : get(store, coreApi, now);
    if (wantsTable(api.accept)) return answer;
    if (name !== undefined) return { ...answer, body: fromCore(answer.body) };
    const body = isRecord(answer.body) ? answer.body : {};
    const items = Array.isArray(body['items']) ? body['items'] : [];
    return {
      ...answer,
      body: { ...body, apiVersion: 'events.k8s.io/v1', items: items.map((i: unknown) => fromCore(i, false)) },
    };
  }
  if (method === 'DELETE' && name !== undefined) return remove(store, coreApi);
  throw new StatusError(methodNotAllowed());
}

function coreQuery(query: URLSearchParams): URLSearchParams {
  const selector = query.get('fieldSelector');
  if (selector === null) return query;
  const mapped = new URLSearchParams(query);
  mapped.set(
    'fieldSelector',
    selector
      .split(',')
      .map((part) => part.replace(/^\s*([^=!]+?)(?=\s*(==|=|!=))/, (key: string) => toCoreField(key.trim())))
      .join(','),
  );
  return mapped;
}

function validateCreate(r: ResourceType, body: unknown): JsonRecord {
  if (!isRecord(body)) throw new StatusError(badRequest('the request body must be a JSON object'));
  const eventTime = body['eventTime'];
  // The decoder parses MicroTime with a fixed layout: anything else never reaches validation.
  if (
    eventTime !== undefined &&
    eventTime !== null &&
    (typeof eventTime !== 'string' || !MICRO_TIME.test(eventTime))
  ) {
    throw new StatusError(
      badRequest(
        `Event in version "v1" cannot be handled as a Event: parsing time ${JSON.stringify(eventTime)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse`,
      ),
    );
  }
  const causes: StatusCause[] = [];
  const required = (field: string): void => {
    if (typeof body[field] !== 'string' || body[field] === '')
      causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
  };
  if (eventTime === undefined || eventTime === null)
    causes.push({ reason: 'FieldValueRequired', field: 'eventTime', message: 'Required value' });
  for (const field of ['reportingController', 'reportingInstance', 'action', 'reason']) required(field);
  if (body['type'] !== 'Normal' && body['type'] !== 'Warning') {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'type',
      message: `Invalid value: "": has invalid value: ${String(body['type'])}`,
    });
  }
  for (const [field, limit] of Object.entries(LIMITS)) {
    const value = body[field];
    if (typeof value === 'string' && value.length > limit) {
      causes.push({
        reason: 'FieldValueTooLong',
        field,
        message: `Too long: may not be more than ${limit} bytes`,
      });
    }
  }
  for (const field of [
    'deprecatedFirstTimestamp',
    'deprecatedLastTimestamp',
    'deprecatedCount',
    'deprecatedSource',
  ]) {
    if (
      body[field] !== undefined &&
      body[field] !== null &&
      !(field === 'deprecatedSource' && isRecord(body[field]) && Object.keys(body[field]).length === 0)
    ) {
      causes.push({ reason: 'FieldValueInvalid', field, message: 'Invalid value: "": needs to be unset' });
    }
  }
  const regarding = isRecord(body['regarding']) ? body['regarding'] : {};
  const meta = isRecord(body['metadata']) ? body['metadata'] : {};
  if (typeof regarding['namespace'] !== 'string' || regarding['namespace'] === '') {
    if (
      meta['namespace'] !== undefined &&
      meta['namespace'] !== 'default' &&
      meta['namespace'] !== 'kube-system'
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'regarding.namespace',
        message: 'Invalid value: "": does not match event.namespace',
      });
    }
  }
  if (causes.length > 0)
    throw new StatusError(invalid(r, typeof meta['name'] === 'string' ? meta['name'] : '', causes));
  return body;
}

/** events.k8s.io/v1 → core/v1, field by field as the conversion functions do. */
function toCore(e: JsonRecord): JsonRecord {
  const {
    regarding,
    note,
    reportingController,
    deprecatedSource,
    deprecatedFirstTimestamp,
    deprecatedLastTimestamp,
    deprecatedCount,
    apiVersion: _a,
    kind: _k,
    ...same
  } = e;
  return {
    ...same,
    apiVersion: 'v1',
    kind: 'Event',
    involvedObject: regarding ?? {},
    ...(note === undefined ? {} : { message: note }),
    ...(reportingController === undefined ? {} : { reportingComponent: reportingController }),
    source: deprecatedSource ?? {},
    firstTimestamp: deprecatedFirstTimestamp ?? null,
    lastTimestamp: deprecatedLastTimestamp ?? null,
    ...(deprecatedCount === undefined ? {} : { count: deprecatedCount }),
  };
}

/** core/v1 → events.k8s.io/v1. */
function fromCore(value: unknown, withKind = true): unknown {
  if (!isRecord(value)) return value;
  const {
    involvedObject,
    message,
    reportingComponent,
    source,
    firstTimestamp,
    lastTimestamp,
    count,
    apiVersion: _a,
    kind: _k,
    ...same
  } = value as KubeObject & JsonRecord;
  return {
    ...(withKind ? { apiVersion: 'events.k8s.io/v1', kind: 'Event' } : {}),
    ...same,
    regarding: involvedObject ?? {},
    ...(message === undefined ? {} : { note: message }),
    ...(reportingComponent === undefined ? {} : { reportingController: reportingComponent }),
    ...(isRecord(source) && Object.keys(source).length > 0 ? { deprecatedSource: source } : {}),
    ...(firstTimestamp ? { deprecatedFirstTimestamp: firstTimestamp } : {}),
    ...(lastTimestamp ? { deprecatedLastTimestamp: lastTimestamp } : {}),
    ...(typeof count === 'number' ? { deprecatedCount: count } : {}),
  };
}
