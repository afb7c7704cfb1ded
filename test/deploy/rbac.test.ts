/**
 * Keeps deploy/rbac.yaml honest: every supported command runs through kubegate's own reader, planner (preview
 * reads and server-side dry runs) and executor against the API-server double, the requests the double saw are
 * turned into RBAC attributes the way the API server does, and the ClusterRole must grant exactly those.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { ExecutingApproval } from '../../src/approvals/ports.ts';
import { loadCluster, type Cluster } from '../../src/kube/api/cluster.ts';
import { createEventRecorder } from '../../src/kube/adapters/cluster-record.ts';
import { createKubeExecutor } from '../../src/kube/adapters/executor.ts';
import { createKubePlanner } from '../../src/kube/adapters/planner.ts';
import { createKubeReader } from '../../src/kube/adapters/reader.ts';
import { pendingApproval } from '../support/approvals.ts';
import { startTestCluster, type TestCluster } from '../support/cluster.ts';
import type { RecordedRequest } from '../support/kube-api-double/types.ts';

const RBAC_YAML = new URL('../../deploy/rbac.yaml', import.meta.url);
const TIMEOUT_MS = 5000;

/** One RBAC attribute set: verb, API group (`core` for '') and resource, with a subresource written `pods/log`. */
type Grant = `${string} ${string} ${string}`;
const grant = (verb: string, group: string, resource: string): Grant =>
  `${verb} ${group === '' ? 'core' : group} ${resource}`;

/** Discovery and other non-resource URLs; `/version` is granted to every authenticated user by default roles. */
const NON_RESOURCE =
  /^\/(version|openapi|healthz|livez|readyz)(\/|$)|^\/api(\/[^/]+)?\/?$|^\/apis(\/[^/]+){0,2}\/?$/;

/**
 * Maps a request to the attributes the API server authorizes: GET on a named object is `get`, on a collection
 * `list` (or `watch`), PUT `update`, PATCH `patch`, DELETE `delete` (`deletecollection` without a name), POST `create`.
 * A list with fieldSelector=metadata.name=X stays `list` (the server only records X as the resource name).
 */
function toGrant(request: Pick<RecordedRequest, 'method' | 'path' | 'query'>): Grant | undefined {
  if (NON_RESOURCE.test(request.path)) return undefined;
  const parts = request.path.split('/').filter((p) => p !== '');
  const [root, ...rest] = parts;
  const group = root === 'api' ? '' : (rest.shift() ?? '');
  rest.shift(); // the version
  // /namespaces/NS/RESOURCE/... is namespaced; /namespaces, /namespaces/NAME and its status and finalize
  // subresources are the namespaces themselves (as in the API server's RequestInfoFactory).
  const namespaced =
    rest[0] === 'namespaces' && rest.length > 2 && !['status', 'finalize'].includes(rest[2] ?? '');
  const scoped = namespaced ? rest.slice(2) : rest;
  const [resource, name, subresource] = scoped;
  if (resource === undefined) throw new Error(`unexpected resource path ${request.path}`);
  const named = name !== undefined;
  const verb = verbOf(request.method, named, request.query.get('watch') === 'true');
  return grant(verb, group, subresource === undefined ? resource : `${resource}/${subresource}`);
}

function verbOf(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    case 'POST':
      return 'create';
    default:
      throw new Error(`unexpected method ${method}`);
  }
}

type PolicyRule = { apiGroups: string[]; resources: string[]; verbs: string[] };

function clusterRoleRules(): PolicyRule[] {
  const docs = parseAllDocuments(readFileSync(RBAC_YAML, 'utf8')).map(
    (d) => d.toJS() as { kind?: string; rules?: PolicyRule[] },
  );
  const roles = docs.filter((d) => d.kind === 'ClusterRole');
  assert.equal(roles.length, 1, 'deploy/rbac.yaml holds exactly one ClusterRole');
  return roles[0]?.rules ?? [];
}

const grantsOf = (rules: readonly PolicyRule[]): Set<Grant> =>
  new Set(
    rules.flatMap((r) =>
      r.verbs.flatMap((v) => r.apiGroups.flatMap((g) => r.resources.map((res) => grant(v, g, res)))),
    ),
  );

const difference = (a: ReadonlySet<Grant>, b: ReadonlySet<Grant>): Grant[] =>
  [...a].filter((x) => !b.has(x)).sort();

describe('deploy/rbac.yaml grants exactly what kubegate calls', () => {
  let cluster: TestCluster;
  let api: Cluster;
  const observed = new Set<Grant>();

  before(async () => {
    cluster = await startTestCluster();
    const loaded = loadCluster({ kubeconfig: cluster.kubeconfig });
    if (!loaded.ok) throw new Error(loaded.error);
    api = loaded.value;
    await runEveryCommand(cluster, api);
    for (const request of cluster.double.requests) {
      const g = toGrant(request);
      if (g !== undefined) observed.add(g);
    }
  });
  after(() => cluster.close());

  test('maps requests to RBAC attributes the way the API server does', () => {
    const q = new URLSearchParams();
    assert.equal(
      toGrant({ method: 'GET', path: '/api/v1/namespaces/p/pods/x/log', query: q }),
      'get core pods/log',
    );
    assert.equal(
      toGrant({ method: 'PUT', path: '/apis/apps/v1/namespaces/p/deployments/d/scale', query: q }),
      'update apps deployments/scale',
    );
    assert.equal(toGrant({ method: 'GET', path: '/api/v1/namespaces', query: q }), 'list core namespaces');
    assert.equal(
      toGrant({ method: 'PUT', path: '/api/v1/namespaces/p/finalize', query: q }),
      'update core namespaces/finalize',
    );
    assert.equal(
      toGrant({ method: 'GET', path: '/api/v1/namespaces/production', query: q }),
      'get core namespaces',
    );
    assert.equal(toGrant({ method: 'GET', path: '/api/v1/pods', query: q }), 'list core pods');
    assert.equal(toGrant({ method: 'PATCH', path: '/api/v1/nodes/node-1', query: q }), 'patch core nodes');
    assert.equal(
      toGrant({ method: 'DELETE', path: '/apis/batch/v1/namespaces/p/jobs/j', query: q }),
      'delete batch jobs',
    );
    for (const path of [
      '/api',
      '/apis',
      '/api/v1',
      '/apis/apps',
      '/apis/apps/v1',
      '/version',
      '/openapi/v3',
    ]) {
      assert.equal(toGrant({ method: 'GET', path, query: q }), undefined, path);
    }
  });

  test('the observed requests include the proposal-time dry runs', () => {
    const dryRuns = cluster.double.requests
      .filter((r) => r.query.get('dryRun') === 'All')
      .map((r) => r.method);
    // Scale patches the workload itself (so the same request can carry kubegate.io/approval): no PUT any more.
    assert.deepEqual([...new Set(dryRuns)].sort(), ['DELETE', 'PATCH']);
  });

  test('every request kubegate made is granted', () => {
    const missing = difference(observed, grantsOf(clusterRoleRules()));
    assert.deepEqual(
      missing,
      [],
      `kubegate made requests the ClusterRole does not grant:\n${missing.join('\n')}`,
    );
  });

  test('nothing is granted that kubegate does not use', () => {
    const unused = difference(grantsOf(clusterRoleRules()), observed);
    assert.deepEqual(unused, [], `the ClusterRole grants more than kubegate uses:\n${unused.join('\n')}`);
  });

  test('no rule names secrets, wildcards, exec/attach/port-forward or privilege verbs', () => {
    const forbidden = new Set([
      'secrets',
      '*',
      'pods/exec',
      'pods/attach',
      'pods/portforward',
      'impersonate',
      'escalate',
      'bind',
    ]);
    for (const rule of clusterRoleRules()) {
      const words = [...rule.verbs, ...rule.apiGroups, ...rule.resources];
      assert.deepEqual(
        words.filter((w) => forbidden.has(w)),
        [],
        JSON.stringify(rule),
      );
    }
  });
});

/** Reads first, then changes; the fixture's pod is deleted before restarts replace it, the workloads last. */
async function runEveryCommand(cluster: TestCluster, api: Cluster): Promise<void> {
  const { pod, node, deployment, replicaSets } = cluster.fixture;
  const namespaced = [
    'pods',
    'deployments',
    'replicasets',
    'statefulsets',
    'daemonsets',
    'services',
    'events',
    'configmaps',
    'jobs',
    'cronjobs',
  ];
  const reads = [
    ...namespaced.flatMap((kind) => [
      `kubectl get ${kind}`,
      `kubectl get ${kind} -A`,
      `kubectl get ${kind} -l app=api-service`,
    ]),
    'kubectl get nodes',
    'kubectl get namespaces',
    `kubectl get pod ${pod} -o yaml`,
    `kubectl get deployment ${deployment}`,
    `kubectl get replicaset ${replicaSets.current}`,
    'kubectl get statefulset postgres',
    'kubectl get daemonset log-agent',
    'kubectl get service api-service',
    'kubectl get configmap api-service-config',
    'kubectl get job db-migrate-1714',
    `kubectl get node ${node}`,
    'kubectl get namespace production',
    `kubectl describe pod ${pod}`,
    `kubectl describe deployment ${deployment}`,
    `kubectl describe node ${node}`,
    'kubectl describe service api-service',
    `kubectl logs ${pod} --tail=20`,
    `kubectl logs ${pod} --previous`,
    `kubectl rollout status deployment/${deployment}`,
    'kubectl rollout status statefulset/postgres',
    'kubectl rollout status daemonset/log-agent',
    `kubectl rollout history deployment/${deployment}`,
  ];
  const reader = createKubeReader({ cluster: api, timeoutMs: TIMEOUT_MS });
  for (const command of reads) {
    const result = await reader.runIfRead(command, 'production');
    assert.ok(result.ok && result.value !== 'mutating', `${command}: ${JSON.stringify(result)}`);
  }
  const changes = [
    `kubectl delete pod ${pod}`,
    `kubectl scale deployment ${deployment} --replicas=4`,
    'kubectl scale statefulset postgres --replicas=2',
    `kubectl scale replicaset ${replicaSets.current} --replicas=4`,
    `kubectl rollout restart deployment/${deployment}`,
    'kubectl rollout restart statefulset/postgres',
    'kubectl rollout restart daemonset/log-agent',
    `kubectl rollout undo deployment/${deployment}`,
    `kubectl cordon ${node}`,
    `kubectl uncordon ${node}`,
    'kubectl delete job db-migrate-1714',
    'kubectl delete service api-service',
    'kubectl delete daemonset log-agent',
    'kubectl delete statefulset postgres',
    'kubectl delete pods -l app=api-service',
    `kubectl delete deployment ${deployment}`,
  ];
  for (const command of changes) {
    const record = createEventRecorder({
      cluster: api,
      reportingInstance: 'rbac-test',
      onError: (failure) => {
        throw new Error(`could not record an Event: ${failure.message}`, { cause: failure.cause });
      },
    });
    const results = await createKubeExecutor({ cluster: api, timeoutMs: TIMEOUT_MS, record }).execute(
      await approved(api, command),
      new AbortController().signal,
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded'],
      `${command}: ${JSON.stringify(results)}`,
    );
  }
}

/** Plans one command as a proposal would (preview reads and a dry run), then approves it as the core would. */
async function approved(api: Cluster, command: string): Promise<ExecutingApproval> {
  const planner = createKubePlanner({ cluster: api, protectedNamespaces: [], timeoutMs: TIMEOUT_MS });
  const plan = await planner.plan({
    action: 'rbac coverage',
    commands: [{ command, explanation: 'rbac coverage', safety_level: 'CAUTION' }],
    metadata: { namespace: 'production' },
  });
  assert.ok(plan.ok, `${command}: ${JSON.stringify(plan)}`);
  const base = pendingApproval();
  const proposal = {
    ...base.proposal,
    commands: plan.value.commands,
    metadata: { namespace: 'production' },
    ...(plan.value.digest ? { digest: plan.value.digest } : {}),
  };
  return { ...base, proposal, state: 'executing', approvedAt: base.createdAt, startedAt: base.createdAt };
}
