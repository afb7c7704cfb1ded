import type { Kind } from './model.ts';

/** How kubectl spells each kind, and whether it lives in a namespace. */
type KindSpelling = { plural: string; short?: string; group?: string; clusterScoped: boolean };

const SPELLINGS: Readonly<Record<Kind, KindSpelling>> = {
  pod: { plural: 'pods', short: 'po', clusterScoped: false },
  deployment: { plural: 'deployments', short: 'deploy', group: 'apps', clusterScoped: false },
  replicaset: { plural: 'replicasets', short: 'rs', group: 'apps', clusterScoped: false },
  statefulset: { plural: 'statefulsets', short: 'sts', group: 'apps', clusterScoped: false },
  daemonset: { plural: 'daemonsets', short: 'ds', group: 'apps', clusterScoped: false },
  service: { plural: 'services', short: 'svc', clusterScoped: false },
  node: { plural: 'nodes', short: 'no', clusterScoped: true },
  namespace: { plural: 'namespaces', short: 'ns', clusterScoped: true },
  event: { plural: 'events', short: 'ev', clusterScoped: false },
  configmap: { plural: 'configmaps', short: 'cm', clusterScoped: false },
  job: { plural: 'jobs', group: 'batch', clusterScoped: false },
  cronjob: { plural: 'cronjobs', short: 'cj', group: 'batch', clusterScoped: false },
};

export const ALL_KINDS = Object.keys(SPELLINGS) as readonly Kind[];

const BY_SPELLING: ReadonlyMap<string, Kind> = new Map(
  ALL_KINDS.flatMap((kind) => spellingsOf(kind).map((spelling) => [spelling, kind] as const)),
);

function spellingsOf(kind: Kind): string[] {
  const { plural, short, group } = SPELLINGS[kind];
  const names = [kind, plural, ...(short === undefined ? [] : [short])];
  return group === undefined ? names : [...names, `${kind}.${group}`, `${plural}.${group}`];
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
  return SPELLINGS[kind].clusterScoped;
}

export function pluralOf(kind: Kind): string {
  return SPELLINGS[kind].plural;
}

/** "pods (po), deployments (deploy)": what a refusal lists as supported. */
export function listKinds(kinds: readonly Kind[]): string {
  return kinds
    .map((kind) => {
      const { plural, short } = SPELLINGS[kind];
      return short === undefined ? plural : `${plural} (${short})`;
    })
    .join(', ');
}
