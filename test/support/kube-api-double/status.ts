/** metav1.Status bodies, worded as the real API server words them (clients and kubectl parse these). */
import type { ResourceType } from './resources.ts';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
}

/** Thrown inside request handling; the server turns it into the response. */
export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message ?? status.reason ?? String(status.code));
    this.status = status;
  }
}

const failure = (code: number, reason: string, message: string, details?: Status['details']): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details === undefined ? {} : { details }),
  code,
});

/** `pods` or `deployments.apps`: the qualified resource the server names in messages. */
export const qualified = (r: ResourceType): string => (r.group === '' ? r.plural : `${r.plural}.${r.group}`);

const detailsFor = (r: ResourceType, name: string): NonNullable<Status['details']> =>
  r.group === '' ? { name, kind: r.plural } : { name, group: r.group, kind: r.plural };

export const notFound = (r: ResourceType, name: string): Status =>
  failure(404, 'NotFound', `${qualified(r)} "${name}" not found`, detailsFor(r, name));

export const alreadyExists = (r: ResourceType, name: string): Status =>
  failure(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, detailsFor(r, name));

export const conflict = (r: ResourceType, name: string, why: string): Status =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`,
    detailsFor(r, name),
  );

export const MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export const badRequest = (message: string): Status => failure(400, 'BadRequest', message);

export const invalid = (r: ResourceType, name: string, causes: StatusCause[]): Status => {
  const kind = r.group === '' ? r.kind : `${r.kind}.${r.group}`;
  const summary = causes.map((c) => `${c.field ?? ''}: ${c.message}`).join(', ');
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${summary}`, {
    name,
    ...(r.group === '' ? {} : { group: r.group }),
    kind: r.kind,
    causes,
  });
};

export const unsupportedMediaType = (): Status =>
  failure(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, ' +
      'application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
  );

export const methodNotAllowed = (): Status =>
  failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const pathNotFound = (): Status =>
  failure(404, 'NotFound', 'the server could not find the requested resource');

// A real 401 carries no details, so nothing about the presented credential leaks back.
export const unauthorized = (): Status => failure(401, 'Unauthorized', 'Unauthorized');

const REASON_BY_CODE: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export const injected = (code: number): Status =>
  failure(
    code,
    REASON_BY_CODE[code] ?? 'Unknown',
    code === 500 ? 'Internal error occurred: injected fault' : 'injected fault',
    {
      causes: [{ reason: 'UnexpectedServerResponse', message: 'injected fault' }],
    },
  );

export const success = (r: ResourceType, name: string, uid: string): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  details: { ...detailsFor(r, name), uid },
  code: 200,
});
