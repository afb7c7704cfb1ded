/** The resource types the double serves, described once for routing, discovery and field selectors. */

export interface ResourceType {
  group: '' | 'apps' | 'batch' | 'events.k8s.io';
  version: 'v1';
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  /** Subresources served under `{plural}/{name}/{sub}`. */
  subresources: readonly ('status' | 'scale' | 'log')[];
  /** Field selector keys beyond metadata.name / metadata.namespace, as the real registry strategies allow. */
  fields: readonly string[];
  /** Whether metadata.generation is tracked (the real server does it for types with a spec/status split). */
  generation: boolean;
}

const rt = (
  r: Omit<ResourceType, 'version' | 'categories' | 'generation'> & Partial<ResourceType>,
): ResourceType => ({
  version: 'v1',
  categories: [],
  generation: r.group !== '',
  ...r,
});

export const RESOURCES: readonly ResourceType[] = [
  rt({
    group: '',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log'],
    fields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  }),
  rt({
    group: '',
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    fields: [],
  }),
  rt({
    group: '',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
    fields: ['spec.unschedulable'],
  }),
  rt({
    group: '',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    fields: ['status.phase'],
  }),
  rt({
    group: '',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    subresources: [],
    fields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  // The same stored Events seen through events.k8s.io/v1 (./events.ts converts); core/v1 stays the one `kubectl
  // get events` and `kubectl describe` read, as on a real cluster where both are views of one storage.
  rt({
    group: 'events.k8s.io',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    subresources: [],
    generation: false,
    fields: [
      'regarding.kind',
      'regarding.namespace',
      'regarding.name',
      'regarding.uid',
      'regarding.apiVersion',
      'regarding.resourceVersion',
      'regarding.fieldPath',
      'reason',
      'reportingController',
      'type',
    ],
  }),
  rt({
    group: '',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    subresources: [],
    fields: [],
  }),
  rt({
    group: '',
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    shortNames: [],
    subresources: [],
    fields: ['type'],
  }),
  rt({
    group: 'apps',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    fields: [],
  }),
  rt({
    group: 'apps',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    fields: ['status.replicas'],
  }),
  rt({
    group: 'apps',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    fields: [],
  }),
  rt({
    group: 'apps',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    fields: [],
  }),
  rt({
    group: 'batch',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    shortNames: [],
    categories: ['all'],
    subresources: ['status'],
    fields: ['status.successful'],
  }),
  rt({
    group: 'batch',
    plural: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    fields: [],
  }),
];

export const apiVersionOf = (r: ResourceType): string =>
  r.group === '' ? r.version : `${r.group}/${r.version}`;

export function findResource(group: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.plural === plural);
}

/** Accepts a plural, singular, kind or short name, as `get()` callers write them. */
export function resolveResource(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  return RESOURCES.find(
    (r) => r.plural === n || r.singular === n || r.kind.toLowerCase() === n || r.shortNames.includes(n),
  );
}

export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** For the double's own code, which only names resources from the table above. */
export function resource(plural: string): ResourceType {
  const r = RESOURCES.find((x) => x.plural === plural);
  if (!r) throw new Error(`kube-api-double serves no resource named ${plural}`);
  return r;
}
