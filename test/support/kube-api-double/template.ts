/** Pod-template helpers shared by the workload controllers. */
import { randomInt } from 'node:crypto';
import { isRecord, type JsonRecord, type KubeObject, type OwnerReference } from './types.ts';

export interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: {
    containers: Array<{ name: string; image?: string; [key: string]: unknown }>;
    [key: string]: unknown;
  };
}

/** A workload whose shape was checked by validation on the way in. */
export interface Workload extends KubeObject {
  spec: { replicas?: number; selector: JsonRecord; template: PodTemplate; [key: string]: unknown };
  status?: JsonRecord;
}

export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';

// The alphabet of apimachinery's rand.SafeEncodeString: no vowels, so generated names never spell words.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  return Array.from({ length }, () => SAFE[randomInt(SAFE.length)]).join('');
}

/** Drops what Go's omitempty drops, so a template that went through kubectl compares equal to the stored one. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalize);
  if (!isRecord(value)) return value === null || value === '' ? undefined : value;
  const entries = Object.keys(value)
    .sort()
    .map((k) => [k, normalize(value[k])] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

export function withoutHashLabel(template: PodTemplate): PodTemplate {
  const { [HASH_LABEL]: _hash, ...labels } = template.metadata?.labels ?? {};
  return { ...template, metadata: { ...template.metadata, labels } };
}

export function sameTemplate(a: PodTemplate, b: PodTemplate): boolean {
  return JSON.stringify(normalize(withoutHashLabel(a))) === JSON.stringify(normalize(withoutHashLabel(b)));
}

/** FNV-1a over the normalized template, encoded the way the deployment controller encodes pod-template-hash. */
export function templateHash(template: PodTemplate): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(JSON.stringify(normalize(withoutHashLabel(template))))) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return String(h).replace(/\d/g, (c) => SAFE[c.charCodeAt(0) % SAFE.length] ?? '');
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerUid(obj: KubeObject): string | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller === true)?.uid;
}

export function podFromTemplate(
  owner: KubeObject,
  name: string,
  template: PodTemplate,
  extra: { labels?: Record<string, string>; nodeName?: string },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace ?? 'default',
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: { ...template.metadata?.labels, ...extra.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: {
      ...structuredClone(template.spec),
      ...(extra.nodeName === undefined ? {} : { nodeName: extra.nodeName }),
    },
    status: { phase: 'Pending' },
  };
}

export const replicasOf = (w: Workload): number => w.spec.replicas ?? 1;

/** Keeps transition timestamps stable when a condition did not change, as the controllers do. */
export function condition(
  previous: unknown,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: string,
): JsonRecord {
  const old = Array.isArray(previous)
    ? previous.find((c: unknown) => isRecord(c) && c['type'] === type)
    : undefined;
  const same = isRecord(old) && old['status'] === status;
  const unchanged = same && old['reason'] === reason && old['message'] === message;
  return {
    type,
    status,
    lastUpdateTime: unchanged ? old['lastUpdateTime'] : now,
    lastTransitionTime: same ? old['lastTransitionTime'] : now,
    reason,
    message,
  };
}
