/**
 * The deployment artefacts hold what the brief for running kubegate in a cluster promises: the kustomize base
 * renders with the kustomize built into kubectl, the pod is hardened and probed, and the image runs as non-root.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { compilePolicy } from '../../src/approvals/policy-document.ts';

const KUBECTL = '/usr/bin/kubectl';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: any };

async function render(): Promise<Manifest[]> {
  const { stdout } = await run(KUBECTL, ['kustomize', 'deploy'], { cwd: ROOT });
  return parseAllDocuments(stdout).map((d) => d.toJS() as Manifest);
}

describe('kubectl kustomize deploy/', { skip: existsSync(KUBECTL) ? false : 'kubectl not installed' }, () => {
  let manifests: Manifest[] = [];
  const named = (kind: string, name: string): any =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name);
  before(async () => {
    manifests = await render();
  });

  test('renders the whole base into the kubegate namespace, without the Secret template', () => {
    const kinds = manifests.map((m) => m.kind).sort();
    assert.deepEqual(kinds, [
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'ConfigMap',
      'Deployment',
      'Deployment',
      'Job',
      'Namespace',
      'NetworkPolicy',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Role',
      'RoleBinding',
      'Service',
      'Service',
      'ServiceAccount',
      'ServiceAccount',
    ]);
    for (const m of manifests.filter(
      (m) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(m.kind),
    )) {
      assert.equal(m.metadata.namespace, 'kubegate', `${m.kind} ${m.metadata.name}`);
    }
    const binding = manifests.find((m) => m.kind === 'ClusterRoleBinding') as any;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'kubegate', namespace: 'kubegate' }]);
  });

  test('the Deployment runs two hardened, probed replicas as the kubegate service account', () => {
    const deployment = named('Deployment', 'kubegate');
    assert.ok(deployment);
    assert.equal(deployment.spec.replicas, 2);
    const pod = deployment.spec.template.spec;
    assert.equal(pod.serviceAccountName, 'kubegate');
    assert.equal(pod.automountServiceAccountToken, true);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    const [container] = pod.containers;
    assert.ok(container);
    const sc = container.securityContext;
    assert.equal(sc.readOnlyRootFilesystem, true);
    assert.equal(sc.allowPrivilegeEscalation, false);
    assert.equal(sc.runAsNonRoot, true);
    assert.equal(sc.runAsUser, 1000);
    assert.deepEqual(sc.capabilities.drop, ['ALL']);
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    assert.ok(container.resources.requests.cpu && container.resources.requests.memory, 'resource requests');
    assert.ok(container.resources.limits.memory, 'a memory limit');
    const tmp = pod.volumes.find((v: any) => v.name === 'tmp');
    assert.ok(tmp?.emptyDir, 'an emptyDir for /tmp');
    assert.ok(container.volumeMounts.some((m: any) => m.name === 'tmp' && m.mountPath === '/tmp'));
    const env = new Map<string, any>(container.env.map((e: any) => [e.name, e]));
    assert.equal(env.get('APPROVAL_HOST')?.value, '0.0.0.0');
    assert.equal(env.get('STORE_URL')?.value, 'redis://:$(REDIS_PASSWORD)@redis:6379');
    const names = container.env.map((e: any) => e.name);
    assert.ok(
      names.indexOf('REDIS_PASSWORD') < names.indexOf('STORE_URL'),
      'STORE_URL can expand the password',
    );
    assert.deepEqual(env.get('REDIS_PASSWORD')?.valueFrom.secretKeyRef, {
      name: 'kubegate-store',
      key: 'REDIS_PASSWORD',
    });
    assert.deepEqual(env.get('STORE_SIGNING_KEY')?.valueFrom.secretKeyRef, {
      name: 'kubegate-store',
      key: 'STORE_SIGNING_KEY',
    });
    assert.deepEqual(env.get('API_TOKENS')?.valueFrom.secretKeyRef, { name: 'kubegate', key: 'API_TOKENS' });
  });

  test('ships a valid approval policy, mounted where POLICY_FILE points', () => {
    const policyMap = manifests.find(
      (m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('kubegate-policy'),
    ) as { metadata: { name: string }; data: Record<string, string> } | undefined;
    assert.ok(policyMap, 'the kubegate-policy ConfigMap');
    const compiled = compilePolicy(parse(policyMap.data['policy.yaml'] ?? ''), {
      source: 'deploy',
      selfApproval: 'forbidden',
    });
    assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.error));
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'kubegate') as
      { data: Record<string, string> } | undefined;
    assert.equal(config?.data['POLICY_FILE'], '/etc/kubegate/policy.yaml');
    assert.equal(config.data['APPROVERS'], undefined, 'APPROVERS and POLICY_FILE are exclusive');
    const pod = named('Deployment', 'kubegate')?.spec.template.spec;
    const volume = pod.volumes.find((v: any) => v.configMap?.name === policyMap.metadata.name);
    assert.ok(volume, 'the policy ConfigMap (with its generated name) is a volume');
    assert.ok(
      pod.containers[0].volumeMounts.some(
        (m: any) => m.name === volume.name && m.mountPath === '/etc/kubegate',
      ),
    );
  });

  test('the grace period outlasts SHUTDOWN_GRACE by at least 10 seconds', () => {
    const deployment = named('Deployment', 'kubegate');
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'kubegate') as
      { data?: Record<string, string> } | undefined;
    const grace = /^(\d+)s$/.exec(config?.data?.['SHUTDOWN_GRACE'] ?? '');
    assert.ok(grace?.[1], 'SHUTDOWN_GRACE is set in seconds in the ConfigMap');
    assert.ok(deployment?.spec.template.spec.terminationGracePeriodSeconds >= Number(grace[1]) + 10);
  });

  test('a PodDisruptionBudget and a NetworkPolicy guard the pods', () => {
    const pdb = manifests.find((m) => m.kind === 'PodDisruptionBudget');
    const policy = named('NetworkPolicy', 'kubegate');
    assert.ok(pdb && policy, 'a PodDisruptionBudget and a NetworkPolicy are rendered');
    assert.equal(pdb.spec.minAvailable, 1);
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    const ports = (rules: any[]): number[] =>
      rules.flatMap((r) => r.ports.map((p: any) => p.port)).sort((a, b) => a - b);
    assert.deepEqual(ports(policy.spec.ingress), [3100]);
    assert.deepEqual(ports(policy.spec.egress), [53, 53, 443, 6379, 6443]);
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'kubegate' } };
    assert.deepEqual(policy.spec.podSelector, selector);
    assert.deepEqual(pdb.spec.selector, selector);
    const toRedis = policy.spec.egress.find((r: any) => r.ports.some((p: any) => p.port === 6379));
    assert.deepEqual(toRedis.to, [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } }]);
  });

  test('Redis requires the generated password and admits only kubegate pods', () => {
    const redis = named('Deployment', 'redis');
    assert.ok(redis);
    const [container] = redis.spec.template.spec.containers;
    assert.match(container.command.join(' '), /--requirepass "\$REDIS_PASSWORD"/);
    assert.deepEqual(container.env.find((e: any) => e.name === 'REDIS_PASSWORD').valueFrom.secretKeyRef, {
      name: 'kubegate-store',
      key: 'REDIS_PASSWORD',
    });
    assert.equal(redis.spec.template.spec.securityContext.runAsNonRoot, true);
    const policy = named('NetworkPolicy', 'redis');
    assert.ok(policy);
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(policy.spec.ingress, [
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kubegate' } } }],
        ports: [{ protocol: 'TCP', port: 6379 }],
      },
    ]);
    assert.deepEqual(policy.spec.egress, []);
  });

  test('a Job generates STORE_SIGNING_KEY and the Redis password in-cluster, allowed to create Secrets only', () => {
    const job = named('Job', 'kubegate-store-keys');
    assert.ok(job);
    const script: string = job.spec.template.spec.containers[0].command.join(' ');
    assert.match(script, /STORE_SIGNING_KEY: randomBytes\(48\)/);
    assert.match(script, /REDIS_PASSWORD: randomBytes\(32\)/);
    assert.match(script, /res\.status === 409/, 'an existing Secret is kept');
    assert.doesNotMatch(script, /console\.\w+\([^)]*stringData/, 'the keys are never printed');
    assert.equal(job.spec.template.spec.serviceAccountName, 'kubegate-store-keys');
    const role = named('Role', 'kubegate-store-keys');
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }]);
  });
});

describe('deploy/secret.example.yaml', () => {
  test('is a template for the Secret kubegate reads, with placeholder values only', () => {
    const [secret] = parseAllDocuments(
      readFileSync(new URL('../../deploy/secret.example.yaml', import.meta.url), 'utf8'),
    ).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string }; stringData: Record<string, string> },
    );
    assert.equal(secret?.kind, 'Secret');
    assert.equal(secret.metadata.name, 'kubegate');
    assert.deepEqual(Object.keys(secret.stringData).sort(), [
      'API_TOKENS',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]);
    for (const value of Object.values(secret.stringData)) assert.match(value, /REPLACE/);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  // Continuation lines joined, comments dropped: one instruction per entry.
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const all = (keyword: string): string[] =>
    instructions
      .filter((i) => i.toUpperCase().startsWith(`${keyword} `))
      .map((i) => i.slice(keyword.length + 1).trim());

  test('builds from node:24 in every stage', () => {
    const bases = all('FROM');
    assert.ok(bases.length >= 2, 'a build stage and a runtime stage');
    for (const base of bases) assert.match(base, /^node:24(-[a-z-]+)?(@sha256:[0-9a-f]+)?( AS \w+)?$/i);
  });

  test('runs as a non-root user', () => {
    const user = all('USER').at(-1);
    assert.ok(user !== undefined, 'a USER instruction');
    assert.doesNotMatch(user, /^(root|0)(:|$)/);
  });

  test('checks /healthz with Node (slim images have no curl) and serves on 3100', () => {
    const [healthcheck] = all('HEALTHCHECK');
    assert.match(healthcheck ?? '', /CMD \["node", "-e", ".*fetch\(.*\/healthz/);
    assert.deepEqual(all('EXPOSE'), ['3100']);
    assert.deepEqual(all('CMD'), ['["node", "dist/main.js"]']);
  });

  test('the runtime stage is production-only and listens beyond loopback', () => {
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    assert.match(runtime, /NODE_ENV=production/);
    assert.match(runtime, /MCP_STDIO=off/);
    assert.match(runtime, /APPROVAL_HOST=0\.0\.0\.0/);
    assert.match(text, /RUN npm ci\b/);
    assert.match(text, /npm prune --omit=dev/);
    assert.doesNotMatch(
      runtime,
      /COPY (?!--from=build)/,
      'the runtime stage copies only from the build stage',
    );
  });

  test('installs without install scripts and labels the image (OCI) with the package version', () => {
    for (const install of instructions.filter((i) => /\bnpm (ci|prune|install)\b/.test(i)))
      assert.match(install, /--ignore-scripts/);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
      license: string;
    };
    assert.ok(
      all('ARG').includes(`KUBEGATE_VERSION=${pkg.version}`),
      `ARG KUBEGATE_VERSION=${pkg.version}, as package.json says`,
    );
    const labels = all('LABEL').join(' ');
    for (const key of ['title', 'description', 'version', 'licenses', 'source'])
      assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.${key}=`));
    assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.licenses="${pkg.license}"`));
    // The default store is per-user; in the image it is the volume the Dockerfile prepares.
    assert.match(text, /STORE_URL=sqlite:\/\/\/app\/data\/kubegate\.db/);
  });
});
