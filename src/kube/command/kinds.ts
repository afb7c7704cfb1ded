import type { Kind } from './model.ts';

/**
 * Everything kubegate knows about a kind, in one table: how kubectl spells it, where the API serves it, and whether
 * it lives in a namespace. Every other per-kind fact (apiVersion, `deployment.apps`, a collection's URL) is derived.
 */
type KindFacts = {
  readonly plural: string;
  readonly short?: string;
  /** The API group; '' is the core group (`/api/v1`). */
  readonly group: '' | 'apps' | 'batch';
  /** The kind's name in the API, as in an object's `kind` field. */
  readonly apiKind: string;
  readonly clusterScoped: boolean;
};

const KINDS: Readonly<Record<Kind, KindFacts>> = {
  pod: { plural: 'pods', short: 'po', group: '', apiKind: 'Pod', clusterScoped: false },
  deployment: {
    plural: 'deployments',
    short: 'deploy',
    group: 'apps',
    apiKind: 'Deployment',
    clusterScoped: false,
  },
  replicaset: {
    plural: 'replicasets',
    short: 'rs',
    group: 'apps',
    apiKind: 'ReplicaSet',
    clusterScoped: false,
  },
  statefulset: {
    plural: 'statefulsets',
    short: 'sts',
    group: 'apps',
    apiKind: 'StatefulSet',
    clusterScoped: false,
  },
  daemonset: { plural: 'daemonsets', short: 'ds', group: 'apps', apiKind: 'DaemonSet', clusterScoped: false },
  service: { plural: 'services', short: 'svc', group: '', apiKind: 'Service', clusterScoped: false },
  node: { plural: 'nodes', short: 'no', group: '', apiKind: 'Node', clusterScoped: true },
  namespace: { plural: 'namespaces', short: 'ns', group: '', apiKind: 'Namespace', clusterScoped: true },
  event: { plural: 'events', short: 'ev', group: '', apiKind: 'Event', clusterScoped: false },
  configmap: { plural: 'configmaps', short: 'cm', group: '', apiKind: 'ConfigMap', clusterScoped: false },
  job: { plural: 'jobs', group: 'batch', apiKind: 'Job', clusterScoped: false },
  cronjob: { plural: 'cronjobs', short: 'cj', group: 'batch', apiKind: 'CronJob', clusterScoped: false },
};

export const ALL_KINDS = Object.keys(KINDS) as readonly Kind[];

const BY_SPELLING: ReadonlyMap<string, Kind> = new Map(
  ALL_KINDS.flatMap((kind) => spellingsOf(kind).map((spelling) => [spelling, kind] as const)),
);

function spellingsOf(kind: Kind): string[] {
  const { plural, short, group } = KINDS[kind];
  const names = [kind, plural, ...(short === undefined ? [] : [short])];
  return group === '' ? names : [...names, `${kind}.${group}`, `${plural}.${group}`];
}

// Matches secret, secrets, secrets.v1, … so that no spelling of the kind slips through as "unknown".
const SECRET = /^secrets?(\.|$)/;

/** The kind a kubectl resource word names (case-insensitive, as kubectl is), 'secret', or null if unknown. */
export function resolveKind(word: string): Kind | 'secret' | null {
  const lower = word.toLowerCase();
  if (SECRET.test(lower)) return 'secret';
  return BY_SPELLING.get(lower) ?? null;
}

export function isClusterScoped(kind: Kind): boolean {
  return KINDS[kind].clusterScoped;
}

export function pluralOf(kind: Kind): string {
  return KINDS[kind].plural;
}

/** `{ apiVersion: 'apps/v1', kind: 'Deployment' }`: what an object of the kind says it is. */
export function typeMetaOf(kind: Kind): { apiVersion: string; kind: string } {
  const { group, apiKind } = KINDS[kind];
  return { apiVersion: group === '' ? 'v1' : `${group}/v1`, kind: apiKind };
}

/** kubectl's resource.group spelling, as in `deployment.apps/api-service deleted` and `-o name`. */
export function qualifiedName(kind: Kind): string {
  const { group } = KINDS[kind];
  return group === '' ? kind : `${kind}.${group}`;
}

/** The URL path of the kind's collection: in one namespace, or everywhere when `namespace` is null. */
export function collectionPath(kind: Kind, namespace: string | null): string {
  const { group, plural, clusterScoped } = KINDS[kind];
  const base = group === '' ? '/api/v1' : `/apis/${group}/v1`;
  const scope = clusterScoped || namespace === null ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${base}${scope}/${plural}`;
}

/** "pods (po), deployments (deploy)": what a refusal lists as supported. */
export function listKinds(kinds: readonly Kind[]): string {
  return kinds
    .map((kind) => {
      const { plural, short } = KINDS[kind];
      return short === undefined ? plural : `${plural} (${short})`;
    })
    .join(', ');
}
