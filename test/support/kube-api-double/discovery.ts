/**
 * Legacy discovery documents (APIVersions, APIGroupList, APIResourceList). kubectl asks for aggregated
 * discovery first and falls back to these when the response is plain application/json.
 */
import { RESOURCES, apiVersionOf, type ResourceType } from './resources.ts';
import type { JsonRecord } from './types.ts';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(host: string): JsonRecord {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  };
}

export function apiGroupList(): JsonRecord {
  const groups = [...new Set(RESOURCES.map((r) => r.group).filter((g) => g !== ''))];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((name) => ({
      name,
      versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
      preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
    })),
  };
}

function subresourceEntries(r: ResourceType): JsonRecord[] {
  return r.subresources.map((sub) => {
    const base = { name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced };
    switch (sub) {
      case 'scale':
        return {
          ...base,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: ['get', 'patch', 'update'],
        };
      case 'log':
        return { ...base, kind: 'Pod', verbs: ['get'] };
      case 'status':
        return { ...base, kind: r.kind, verbs: ['get', 'patch', 'update'] };
    }
  });
}

/** The resource list for one group version, or undefined when the double does not serve it. */
export function apiResourceList(group: string, version: string): JsonRecord | undefined {
  const served = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(served[0]!),
    resources: served.flatMap((r) => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length > 0 ? { categories: r.categories } : {}),
      },
      ...subresourceEntries(r),
    ]),
  };
}
