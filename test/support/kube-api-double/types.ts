/** JSON shapes shared by the modules of the API-server double. */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

/** Any stored object; the kinds the controller drives are narrowed in controller code. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type JsonRecord = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  accept: string | undefined;
  body: unknown;
  at: string;
  /** Which TCP connection carried it (numbered from 1 in the order they were opened): keep-alive is visible. */
  connection: number;
  userAgent: string | undefined;
}

export interface Fault {
  method?: string;
  pathPrefix?: string;
  status?: number;
  delayMs?: number;
  drop?: boolean;
  times?: number;
}

/** A write as a client would send it: `PATCH /apis/apps/v1/…` with a merge-patch body, say. */
export interface InterleavedWrite {
  method: string;
  path: string;
  contentType?: string;
  body?: unknown;
}

export interface Interleaving {
  /** The request after whose answer the write lands: its method, a path prefix, and which match (1 = first). */
  after: { method: string; pathPrefix: string; nth?: number };
  write: InterleavedWrite;
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
