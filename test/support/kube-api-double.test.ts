import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  V1DeleteOptions,
  V1Preconditions,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  seedProductionFixture,
  startKubeApiDouble,
  tlsAvailable,
  type KubeApiDouble,
  type KubeObject,
} from './kube-api-double.ts';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const NS = 'production';
const POD = 'api-service-7b4f9d-x2k4q';

let workDir = '';
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kube-api-double-test-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface Env {
  double: KubeApiDouble;
  kubeconfig: string;
  cacheDir: string;
  core: CoreV1Api;
  apps: AppsV1Api;
}

async function startEnv(t: TestContext, opts: { tls?: boolean; token?: string } = {}): Promise<Env> {
  const double = await startKubeApiDouble(opts);
  t.after(() => double.close());
  seedProductionFixture(double);
  const dir = await mkdtemp(join(workDir, 'env-'));
  const kubeconfig = await double.writeKubeconfig(dir);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return {
    double,
    kubeconfig,
    cacheDir: join(dir, 'cache'),
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
  };
}

/** The parsed V1Status of a failed client-node call; client-node hands the body over as a JSON string. */
function statusOf(e: unknown): {
  code: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string };
} {
  assert.ok(e instanceof ApiException, `expected an ApiException, got ${String(e)}`);
  assert.equal(typeof e.body, 'string');
  return JSON.parse(String(e.body)) as { code: number; reason?: string; message?: string };
}

const spec = (o: KubeObject | undefined): Record<string, unknown> =>
  (o?.['spec'] ?? {}) as Record<string, unknown>;
const podsOf = (double: KubeApiDouble, hash: string): KubeObject[] =>
  double.list('pods', NS).filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
const revision = (o: KubeObject | undefined): string | undefined =>
  o?.metadata.annotations?.['deployment.kubernetes.io/revision'];
const firstImage = (o: KubeObject | undefined): unknown => {
  const template = spec(o)['template'] as { spec: { containers: Array<{ image: string }> } };
  return template.spec.containers[0]?.image;
};

describe('kube-api-double through @kubernetes/client-node', () => {
  test('lists the pods of a namespace', async (t) => {
    const { core } = await startEnv(t);
    const list = await core.listNamespacedPod({ namespace: NS });
    const names = list.items.map((p) => p.metadata?.name);
    assert.ok(names.includes(POD));
    assert.equal(names.filter((n) => n?.startsWith('api-service-7b4f9d-')).length, 3);
    assert.ok(names.includes('postgres-0'), 'the StatefulSet controller created its pod');
  });

  test('reads a pod with its OOMKilled last state', async (t) => {
    const { core } = await startEnv(t);
    const pod: V1Pod = await core.readNamespacedPod({ name: POD, namespace: NS });
    const cs = pod.status?.containerStatuses?.[0];
    assert.equal(pod.status?.phase, 'Running');
    assert.equal(cs?.restartCount, 7);
    assert.equal(cs.lastState?.terminated?.reason, 'OOMKilled');
    assert.equal(pod.metadata?.ownerReferences?.[0]?.name, 'api-service-7b4f9d');
  });

  test('replaces a deleted ReplicaSet pod', async (t) => {
    const { core, double } = await startEnv(t);
    const deleted = await core.deleteNamespacedPod({ name: POD, namespace: NS });
    assert.ok(deleted.metadata?.deletionTimestamp, 'a pod delete answers with the terminating pod');
    assert.equal(double.get('pods', NS, POD), undefined);
    const pods = podsOf(double, '7b4f9d');
    assert.equal(pods.length, 3);
    const replacement = pods.find(
      (p) => ![POD, 'api-service-7b4f9d-m8p2z', 'api-service-7b4f9d-r5t7w'].includes(p.metadata.name),
    );
    assert.match(replacement?.metadata.name ?? '', /^api-service-7b4f9d-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal((replacement?.['status'] as { phase?: string } | undefined)?.phase, 'Running');
  });

  test('answers a missing pod with a NotFound Status', async (t) => {
    const { core } = await startEnv(t);
    await assert.rejects(core.readNamespacedPod({ name: 'nope', namespace: NS }), (e: unknown) => {
      const status = statusOf(e);
      assert.equal(status.code, 404);
      assert.equal(status.reason, 'NotFound');
      assert.equal(status.message, 'pods "nope" not found');
      assert.deepEqual(status.details, { name: 'nope', kind: 'pods' });
      return true;
    });
  });

  test('scales a deployment through the scale subresource', async (t) => {
    const { apps, double } = await startEnv(t);
    const scale = await apps.patchNamespacedDeploymentScale(
      { name: 'api-service', namespace: NS, body: { spec: { replicas: 5 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(scale.spec?.replicas, 5);
    const dep = double.get('deployments', NS, 'api-service');
    assert.equal(spec(dep)['replicas'], 5);
    assert.equal((dep?.['status'] as { readyReplicas?: number }).readyReplicas, 5);
    assert.equal(podsOf(double, '7b4f9d').length, 5);
    assert.equal(revision(dep), '4', 'scaling is not a rollout');
  });

  test('merges containers by name in a strategic merge patch and rolls out a new revision', async (t) => {
    const { apps, double } = await startEnv(t);
    const before = double.get('deployments', NS, 'api-service');
    await apps.patchNamespacedDeployment(
      {
        name: 'api-service',
        namespace: NS,
        body: { spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1.5.0' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const dep = double.get('deployments', NS, 'api-service');
    const container = (spec(dep)['template'] as { spec: { containers: Array<Record<string, unknown>> } }).spec
      .containers[0];
    assert.equal(container?.['image'], 'api:1.5.0');
    assert.deepEqual(container['ports'], [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    assert.equal(revision(dep), '5');
    assert.equal(dep?.metadata.generation, (before?.metadata.generation ?? 0) + 1);
    assert.equal(dep.metadata.uid, before?.metadata.uid);
    assert.ok(Number(dep.metadata.resourceVersion) > Number(before?.metadata.resourceVersion));
    assert.equal(podsOf(double, '7b4f9d').length, 0, 'the old ReplicaSet is scaled to zero');
  });

  test('changes nothing for dryRun=All on delete and patch', async (t) => {
    const { core, apps, double } = await startEnv(t);
    const pod = double.get('pods', NS, POD);
    const dep = double.get('deployments', NS, 'api-service');
    await core.deleteNamespacedPod({ name: POD, namespace: NS, dryRun: 'All' });
    const answered = await apps.patchNamespacedDeployment(
      { name: 'api-service', namespace: NS, dryRun: 'All', body: { spec: { replicas: 9 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(answered.spec?.replicas, 9, 'the answer shows the object as if patched');
    assert.deepEqual(double.get('pods', NS, POD), pod);
    assert.deepEqual(double.get('deployments', NS, 'api-service'), dep);
  });

  test('refuses a delete whose uid precondition does not match with 409 Conflict', async (t) => {
    const { core, double } = await startEnv(t);
    const body = new V1DeleteOptions();
    body.preconditions = new V1Preconditions();
    body.preconditions.uid = 'not-the-uid';
    await assert.rejects(core.deleteNamespacedPod({ name: POD, namespace: NS, body }), (e: unknown) => {
      const status = statusOf(e);
      assert.equal(status.code, 409);
      assert.equal(status.reason, 'Conflict');
      assert.match(status.message ?? '', /Precondition failed: UID in precondition: not-the-uid/);
      return true;
    });
    assert.ok(double.get('pods', NS, POD));
  });

  test('refuses a replace carrying a stale resourceVersion with 409 Conflict', async (t) => {
    const { core } = await startEnv(t);
    const cm = await core.readNamespacedConfigMap({ name: 'api-service-config', namespace: NS });
    cm.data = { CACHE_SIZE_MB: '256' };
    await core.replaceNamespacedConfigMap({ name: 'api-service-config', namespace: NS, body: cm });
    cm.data = { CACHE_SIZE_MB: '128' };
    await assert.rejects(
      core.replaceNamespacedConfigMap({ name: 'api-service-config', namespace: NS, body: cm }),
      (e: unknown) => statusOf(e).reason === 'Conflict',
    );
  });

  test('filters lists by set-based label selectors and field selectors', async (t) => {
    const { core } = await startEnv(t);
    const pods = await core.listPodForAllNamespaces({
      labelSelector: 'app in (api-service,postgres),tier!=backend',
    });
    assert.deepEqual(
      pods.items.map((p) => p.metadata?.name),
      ['postgres-0'],
    );
    const onNode = await core.listNamespacedPod({
      namespace: NS,
      fieldSelector: 'spec.nodeName=node-1,status.phase=Running',
      labelSelector: 'pod-template-hash',
    });
    assert.equal(onNode.items.length, 3);
    const events = await core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${POD},involvedObject.kind=Pod`,
    });
    assert.ok(events.items.some((e) => e.reason === 'BackOff'));
    await assert.rejects(
      core.listNamespacedPod({ namespace: NS, fieldSelector: 'spec.image=x' }),
      (e: unknown) => statusOf(e).code === 400,
    );
  });

  test('serves current and previous pod logs with tailLines', async (t) => {
    const { core } = await startEnv(t);
    const last = await core.readNamespacedPodLog({ name: POD, namespace: NS, tailLines: 1 });
    assert.equal(last.trim().split('\n').length, 1);
    const previous = await core.readNamespacedPodLog({ name: POD, namespace: NS, previous: true });
    assert.match(previous, /allocation failed/);
    await assert.rejects(
      core.readNamespacedPodLog({ name: POD, namespace: NS, container: 'sidecar' }),
      (e: unknown) => statusOf(e).code === 400,
    );
  });

  test('answers an injected 500 with an InternalError Status for the given number of requests', async (t) => {
    const { core, double } = await startEnv(t);
    double.inject({ method: 'GET', pathPrefix: '/api/v1/namespaces/production/pods', status: 500, times: 2 });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        core.listNamespacedPod({ namespace: NS }),
        (e: unknown) => statusOf(e).reason === 'InternalError',
      );
    }
    const list = await core.listNamespacedPod({ namespace: NS });
    assert.ok(list.items.length > 0);
  });

  test('lands an interleaved write after answering the nth matching read, before the client acts on it', async (t) => {
    const { apps, double } = await startEnv(t);
    const path = `/apis/apps/v1/namespaces/${NS}/deployments/api-service`;
    double.interleave({
      after: { method: 'GET', pathPrefix: path, nth: 2 },
      write: {
        method: 'PATCH',
        path,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 6 } },
      },
    });
    const target = { name: 'api-service', namespace: NS };
    assert.equal((await apps.readNamespacedDeployment(target)).spec?.replicas, 3);
    // The second read answers what was stored when it was asked; the write lands right after it.
    const second = await apps.readNamespacedDeployment(target);
    assert.equal(second.spec?.replicas, 3);
    assert.equal(spec(double.get('deployments', NS, 'api-service'))['replicas'], 6);
    assert.notEqual(
      double.get('deployments', NS, 'api-service')?.metadata.resourceVersion,
      second.metadata?.resourceVersion,
    );
    assert.equal((await apps.readNamespacedDeployment(target)).spec?.replicas, 6, 'it lands once');
    assert.equal(double.requests.filter((r) => r.method === 'PATCH').length, 0, 'no client sent it');
  });

  test('destroys the socket for an injected drop fault', async (t) => {
    const { core, double } = await startEnv(t);
    double.inject({ pathPrefix: '/api/v1/namespaces/production/pods', drop: true });
    await assert.rejects(
      core.listNamespacedPod({ namespace: NS }),
      (e: unknown) => !(e instanceof ApiException),
    );
    double.clearFaults();
    assert.ok((await core.listNamespacedPod({ namespace: NS })).items.length > 0);
  });
});

describe('kube-api-double over raw HTTP', () => {
  test('rejects an unsupported patch type with 415 and a malformed body with 400', async (t) => {
    const { double } = await startEnv(t);
    const url = `${double.url}/apis/apps/v1/namespaces/production/deployments/api-service`;
    const unsupported = await fetch(url, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/yaml' },
      body: 'spec: {}',
    });
    assert.equal(unsupported.status, 415);
    assert.equal(((await unsupported.json()) as { reason: string }).reason, 'UnsupportedMediaType');
    const malformed = await fetch(url, {
      method: 'PATCH',
      headers: { 'Content-Type': PatchStrategy.MergePatch },
      body: '{"spec":',
    });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { reason: string }).reason, 'BadRequest');
  });

  test('applies a JSON patch and refuses one whose test operation fails', async (t) => {
    const { double } = await startEnv(t);
    const url = `${double.url}/api/v1/namespaces/production/configmaps/api-service-config`;
    const headers = { 'Content-Type': PatchStrategy.JsonPatch };
    const ok = await fetch(url, {
      method: 'PATCH',
      headers,
      body: JSON.stringify([{ op: 'replace', path: '/data/WORKER_THREADS', value: '16' }]),
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(double.get('configmaps', NS, 'api-service-config')?.['data'], {
      CACHE_SIZE_MB: '384',
      WORKER_THREADS: '16',
    });
    const failed = await fetch(url, {
      method: 'PATCH',
      headers,
      body: JSON.stringify([{ op: 'test', path: '/data/WORKER_THREADS', value: '8' }]),
    });
    assert.equal(failed.status, 422);
  });

  test('answers with a Table when kubectl asks for server-side printing', async (t) => {
    const { double } = await startEnv(t);
    const res = await fetch(`${double.url}/api/v1/namespaces/production/pods`, {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    const table = (await res.json()) as { kind: string; rows: Array<{ cells: unknown[] }> };
    assert.equal(table.kind, 'Table');
    assert.deepEqual(table.rows.find((r) => r.cells[0] === POD)?.cells.slice(1, 3), ['1/1', 'Running']);
  });
});

describe(
  'kube-api-double with kubectl',
  { skip: existsSync(KUBECTL) ? false : 'kubectl not installed' },
  () => {
    async function kubectl(env: Env, ...args: string[]): Promise<string> {
      const { stdout } = await run(
        KUBECTL,
        ['--kubeconfig', env.kubeconfig, '--cache-dir', env.cacheDir, ...args],
        { timeout: 30_000 },
      );
      return stdout;
    }

    test('kubectl get pods prints the pod names', async (t) => {
      const env = await startEnv(t);
      const out = await kubectl(env, 'get', 'pods', '-n', NS);
      assert.match(out, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
      for (const name of [POD, 'api-service-7b4f9d-m8p2z', 'postgres-0']) assert.ok(out.includes(name), name);
      assert.match(out, new RegExp(`${POD}\\s+1/1\\s+Running\\s+7 \\(`));
    });

    test('kubectl get deploy -o json returns the stored deployment', async (t) => {
      const env = await startEnv(t);
      const dep = JSON.parse(
        await kubectl(env, 'get', 'deploy', 'api-service', '-n', NS, '-o', 'json'),
      ) as KubeObject;
      assert.equal(dep.kind, 'Deployment');
      assert.equal(dep.metadata.uid, env.double.get('deployments', NS, 'api-service')?.metadata.uid);
      assert.equal(firstImage(dep), 'api:1.4.2');
    });

    test('kubectl delete pod sends one DELETE and the ReplicaSet replaces the pod', async (t) => {
      const env = await startEnv(t);
      env.double.requests.length = 0;
      assert.match(
        await kubectl(env, 'delete', 'pod', POD, '-n', NS),
        /pod "api-service-7b4f9d-x2k4q" deleted/,
      );
      const deletes = env.double.requests.filter((r) => r.method === 'DELETE');
      assert.equal(deletes.length, 1);
      assert.equal(deletes[0]?.path, `/api/v1/namespaces/production/pods/${POD}`);
      assert.equal(env.double.get('pods', NS, POD), undefined);
      assert.equal(podsOf(env.double, '7b4f9d').length, 3);
    });

    test('kubectl scale sets the deployment to 5 replicas', async (t) => {
      const env = await startEnv(t);
      await kubectl(env, 'scale', 'deployment', 'api-service', '--replicas=5', '-n', NS);
      assert.equal(spec(env.double.get('deployments', NS, 'api-service'))['replicas'], 5);
      assert.equal(podsOf(env.double, '7b4f9d').length, 5);
      assert.ok(
        env.double.requests.some(
          (r) => r.method === 'PATCH' && r.path.endsWith('/deployments/api-service/scale'),
        ),
      );
    });

    test('kubectl rollout restart creates revision 5 and rollout status completes', async (t) => {
      const env = await startEnv(t);
      await kubectl(env, 'rollout', 'restart', 'deployment/api-service', '-n', NS);
      const dep = env.double.get('deployments', NS, 'api-service');
      assert.equal(revision(dep), '5');
      const template = spec(dep)['template'] as { metadata: { annotations?: Record<string, string> } };
      assert.ok(template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']);
      const current = env.double.list('replicasets', NS).find((rs) => revision(rs) === '5');
      assert.equal(spec(current)['replicas'], 3);
      assert.equal(podsOf(env.double, '7b4f9d').length, 0);
      assert.match(
        await kubectl(env, 'rollout', 'status', 'deployment/api-service', '-n', NS, '--timeout=10s'),
        /successfully rolled out/,
      );
    });

    test('kubectl rollout undo to revision 3 restores api:1.4.1 and rollout status completes', async (t) => {
      const env = await startEnv(t);
      await kubectl(env, 'rollout', 'undo', 'deployment/api-service', '-n', NS, '--to-revision=3');
      const dep = env.double.get('deployments', NS, 'api-service');
      assert.equal(firstImage(dep), 'api:1.4.1');
      assert.equal(revision(dep), '5');
      const previous = env.double.get('replicasets', NS, 'api-service-6d8c5b');
      assert.equal(revision(previous), '5', 'the matching old ReplicaSet is reused with the next revision');
      assert.equal(spec(previous)['replicas'], 3);
      assert.match(
        await kubectl(env, 'rollout', 'status', 'deployment/api-service', '-n', NS, '--timeout=10s'),
        /successfully rolled out/,
      );
    });

    test('kubectl rollout history lists the revisions', async (t) => {
      const env = await startEnv(t);
      const out = await kubectl(env, 'rollout', 'history', 'deployment/api-service', '-n', NS);
      assert.match(out, /REVISION\s+CHANGE-CAUSE/);
      assert.deepEqual(out.match(/^\d+(?=\s)/gm), ['3', '4']);
    });

    test('kubectl rollout restart of a statefulset and a daemonset completes rollout status', async (t) => {
      const env = await startEnv(t);
      const before = env.double.get('pods', NS, 'postgres-0');
      for (const target of ['statefulset/postgres', 'daemonset/log-agent']) {
        await kubectl(env, 'rollout', 'restart', target, '-n', NS);
        assert.match(
          await kubectl(env, 'rollout', 'status', target, '-n', NS, '--timeout=10s'),
          /roll out complete|successfully rolled out/,
        );
      }
      assert.notEqual(env.double.get('pods', NS, 'postgres-0')?.metadata.uid, before?.metadata.uid);
    });

    test('kubectl cordon marks node-1 unschedulable', async (t) => {
      const env = await startEnv(t);
      await kubectl(env, 'cordon', 'node-1');
      assert.equal(spec(env.double.get('nodes', undefined, 'node-1'))['unschedulable'], true);
      assert.match(await kubectl(env, 'get', 'nodes'), /node-1\s+Ready,SchedulingDisabled/);
    });

    test(
      'kubectl sends the bearer token over TLS and is refused without it',
      { skip: tlsAvailable ? false : 'openssl not installed' },
      async (t) => {
        const env = await startEnv(t, { tls: true, token: 'double-token' });
        assert.match(env.double.url, /^https:/);
        assert.ok((await kubectl(env, 'get', 'pods', '-n', NS)).includes(POD));
        assert.equal((await env.core.listNamespacedPod({ namespace: NS })).items.length > 0, true);
        const wrong = await env.double.writeKubeconfig(await mkdtemp(join(workDir, 'wrong-')), {
          token: 'wrong',
        });
        await assert.rejects(
          run(KUBECTL, ['--kubeconfig', wrong, '--cache-dir', env.cacheDir, 'get', 'pods', '-n', NS]),
          /Unauthorized|must be logged in/,
        );
      },
    );
  },
);

describe('kube-api-double: events.k8s.io/v1 Events', () => {
  const eventBody = (eventTime: unknown, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: `api-service.${Date.now().toString(16)}`, namespace: NS },
    eventTime,
    reportingController: 'kubegate',
    reportingInstance: 'kubegate-0',
    action: 'Scale',
    reason: 'KubegateApproved',
    type: 'Normal',
    regarding: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-service', namespace: NS },
    note: 'approval apr_1 approved by alice via rest',
    ...extra,
  });
  const post = (double: KubeApiDouble, body: unknown) =>
    fetch(`${double.url}/apis/events.k8s.io/v1/namespaces/${NS}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('refuses what a real API server refuses: a millisecond eventTime, missing fields, deprecated ones', async (t) => {
    const { double } = await startEnv(t);
    const millis = await post(double, eventBody(new Date().toISOString()));
    assert.equal(millis.status, 400);
    assert.match(((await millis.json()) as { message: string }).message, /2006-01-02T15:04:05\.000000Z07:00/);
    const missing = await post(
      double,
      eventBody('2026-01-01T00:00:00.000000Z', { action: undefined, type: 'Info' }),
    );
    assert.equal(missing.status, 422);
    const causes = ((await missing.json()) as { details: { causes: Array<{ field: string }> } }).details
      .causes;
    assert.deepEqual(causes.map((c) => c.field).sort(), ['action', 'type']);
    const deprecated = await post(double, eventBody('2026-01-01T00:00:00.000000Z', { deprecatedCount: 2 }));
    assert.equal(deprecated.status, 422);
  });

  test('one storage, two views: created as events.k8s.io/v1, listed as core/v1 with the fields converted', async (t) => {
    const { double, core } = await startEnv(t);
    const created = await post(double, eventBody('2026-01-01T00:00:00.123456Z'));
    assert.equal(created.status, 201);
    const v1 = (await created.json()) as { apiVersion: string; note: string; regarding: { name: string } };
    assert.deepEqual(
      [v1.apiVersion, v1.note, v1.regarding.name],
      ['events.k8s.io/v1', 'approval apr_1 approved by alice via rest', 'api-service'],
    );
    const legacy = await core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: 'involvedObject.kind=Deployment',
    });
    assert.equal(legacy.items.length, 1);
    assert.equal(legacy.items[0]?.message, 'approval apr_1 approved by alice via rest');
    assert.equal(legacy.items[0].reportingComponent, 'kubegate');
    const listed = await fetch(
      `${double.url}/apis/events.k8s.io/v1/namespaces/${NS}/events?fieldSelector=regarding.name%3Dapi-service`,
    );
    const items = ((await listed.json()) as { items: Array<{ reportingController: string; note: string }> })
      .items;
    assert.deepEqual(
      items.map((i) => i.reportingController),
      ['kubegate'],
    );
  });

  test(
    'kubectl get events and kubectl describe show an events.k8s.io/v1 Event',
    { skip: existsSync(KUBECTL) ? false : 'kubectl not installed' },
    async (t) => {
      const env = await startEnv(t);
      const uid = env.double.get('deployments', NS, 'api-service')?.metadata.uid;
      const body = eventBody('2026-01-01T00:00:00.123456Z');
      assert.equal((await post(env.double, { ...body, regarding: { ...body.regarding, uid } })).status, 201);
      const kubectl = async (...args: string[]) =>
        (
          await run(KUBECTL, ['--kubeconfig', env.kubeconfig, '--cache-dir', env.cacheDir, ...args], {
            timeout: 30_000,
          })
        ).stdout;
      assert.match(
        await kubectl('get', 'events', '-n', NS),
        /Normal\s+KubegateApproved\s+deployment\/api-service\s+approval apr_1 approved by alice via rest/,
      );
      assert.match(
        await kubectl('get', 'events.events.k8s.io', '-n', NS, '-o', 'name'),
        /event\.events\.k8s\.io\/api-service\./,
      );
      assert.match(
        await kubectl('describe', 'deployment', 'api-service', '-n', NS),
        /Normal\s+KubegateApproved\s+\S+\s+kubegate\s+approval apr_1 approved by alice via rest/,
      );
    },
  );
});
