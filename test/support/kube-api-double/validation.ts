/** The slice of API defaulting and validation that keeps stored objects usable by the controllers and kubectl. */
import { randomInt } from 'node:crypto';
import type { ResourceType } from './resources.ts';
import { selectorMatches } from './selectors.ts';
import { StatusError, invalid, type StatusCause } from './status.ts';
import { isRecord, type JsonRecord, type KubeObject } from './types.ts';

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

const cause = (field: string, message: string, reason = 'FieldValueInvalid'): StatusCause => ({
  reason,
  message,
  field,
});

function validateContainers(spec: unknown, field: string): StatusCause[] {
  const containers = isRecord(spec) ? spec['containers'] : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [cause(`${field}.containers`, 'Required value', 'FieldValueRequired')];
  }
  return containers.flatMap((c: unknown, i) =>
    isRecord(c) && typeof c['name'] === 'string' && typeof c['image'] === 'string' && c['image'] !== ''
      ? []
      : [
          cause(
            `${field}.containers[${i}]`,
            'Required value: name and image are required',
            'FieldValueRequired',
          ),
        ],
  );
}

function validateReplicas(value: unknown, field: string): StatusCause[] {
  if (value === undefined) return [];
  return Number.isInteger(value) && Number(value) >= 0
    ? []
    : [cause(field, `Invalid value: ${JSON.stringify(value)}: must be greater than or equal to 0`)];
}

function validateWorkload(spec: JsonRecord): StatusCause[] {
  const template = spec['template'];
  const labels =
    isRecord(template) && isRecord(template['metadata']) ? template['metadata']['labels'] : undefined;
  const causes = [...validateReplicas(spec['replicas'], 'spec.replicas')];
  if (!isRecord(spec['selector']))
    causes.push(cause('spec.selector', 'Required value', 'FieldValueRequired'));
  else if (
    !isRecord(labels) ||
    !selectorMatches(
      spec['selector'],
      Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])),
    )
  ) {
    causes.push(
      cause('spec.template.metadata.labels', 'Invalid value: `selector` does not match template `labels`'),
    );
  }
  if (!isRecord(template)) causes.push(cause('spec.template', 'Required value', 'FieldValueRequired'));
  else causes.push(...validateContainers(template['spec'], 'spec.template.spec'));
  return causes;
}

/** Throws a 422 Invalid Status naming every offending field. */
export function validate(r: ResourceType, obj: KubeObject): void {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const causes: StatusCause[] = [];
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(obj.metadata.name) || obj.metadata.name.length > 253) {
    causes.push(
      cause(
        'metadata.name',
        `Invalid value: "${obj.metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
      ),
    );
  }
  if (r.kind === 'Pod') causes.push(...validateContainers(spec, 'spec'));
  if (WORKLOADS.has(r.kind)) causes.push(...validateWorkload(spec));
  if (causes.length > 0) throw new StatusError(invalid(r, obj.metadata.name, causes));
}

/** Server-side defaults that kubectl printers and rollout logic read back. */
export function applyDefaults(r: ResourceType, obj: KubeObject): KubeObject {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  switch (r.kind) {
    case 'Deployment':
      return {
        ...obj,
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
          ...spec,
        },
      };
    case 'StatefulSet':
      return {
        ...obj,
        spec: {
          replicas: 1,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          ...spec,
        },
      };
    case 'DaemonSet':
      return {
        ...obj,
        spec: {
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
          ...spec,
        },
      };
    case 'ReplicaSet':
      return { ...obj, spec: { replicas: 1, ...spec } };
    case 'Pod':
      return {
        ...obj,
        spec: {
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          ...spec,
        },
        status: obj['status'] ?? { phase: 'Pending' },
      };
    case 'Namespace':
      return {
        ...obj,
        metadata: {
          ...obj.metadata,
          labels: { 'kubernetes.io/metadata.name': obj.metadata.name, ...obj.metadata.labels },
        },
        spec: { finalizers: ['kubernetes'], ...spec },
        status: obj['status'] ?? { phase: 'Active' },
      };
    case 'Service':
      return {
        ...obj,
        spec: { type: 'ClusterIP', clusterIP: `10.96.${randomInt(250)}.${randomInt(2, 254)}`, ...spec },
      };
    default:
      return obj;
  }
}
