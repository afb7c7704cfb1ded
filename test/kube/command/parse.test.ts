import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type CommandError,
  describeOperation,
  isMutating,
  type KubeOperation,
  operationDigestInput,
  parseCommand,
} from '../../../src/kube/command/parse.ts';

const ctx = { defaultNamespace: 'default' };
const table = 'table' as const;

const accepted: readonly (readonly [string, KubeOperation])[] = [
  // get
  ['kubectl get pods', { verb: 'get', kind: 'pod', namespace: 'default', output: table }],
  ['get pods', { verb: 'get', kind: 'pod', namespace: 'default', output: table }],
  ['kubectl get po -n production', { verb: 'get', kind: 'pod', namespace: 'production', output: table }],
  ['kubectl get pods -nproduction', { verb: 'get', kind: 'pod', namespace: 'production', output: table }],
  ['kubectl get pods -n=production', { verb: 'get', kind: 'pod', namespace: 'production', output: table }],
  [
    'kubectl get pods --namespace production',
    { verb: 'get', kind: 'pod', namespace: 'production', output: table },
  ],
  [
    'kubectl get pods --namespace=production',
    { verb: 'get', kind: 'pod', namespace: 'production', output: table },
  ],
  ['kubectl -n production get pods', { verb: 'get', kind: 'pod', namespace: 'production', output: table }],
  ['kubectl get Pods', { verb: 'get', kind: 'pod', namespace: 'default', output: table }],
  ['kubectl get pods -A', { verb: 'get', kind: 'pod', namespace: null, output: table }],
  [
    'kubectl get pods --all-namespaces -o wide',
    { verb: 'get', kind: 'pod', namespace: null, output: 'wide' },
  ],
  [
    'kubectl get pods --all-namespaces=false',
    { verb: 'get', kind: 'pod', namespace: 'default', output: table },
  ],
  ['kubectl get pods -o name', { verb: 'get', kind: 'pod', namespace: 'default', output: 'name' }],
  ['kubectl get pods --output=json', { verb: 'get', kind: 'pod', namespace: 'default', output: 'json' }],
  [
    'kubectl get pod api-7b4f9d -o yaml',
    { verb: 'get', kind: 'pod', namespace: 'default', name: 'api-7b4f9d', output: 'yaml' },
  ],
  [
    'kubectl get pod/api-7b4f9d -ojson -n prod',
    { verb: 'get', kind: 'pod', namespace: 'prod', name: 'api-7b4f9d', output: 'json' },
  ],
  [
    'kubectl get deploy api -n prod',
    { verb: 'get', kind: 'deployment', namespace: 'prod', name: 'api', output: table },
  ],
  ['kubectl get deployment.apps', { verb: 'get', kind: 'deployment', namespace: 'default', output: table }],
  ['kubectl get deployments.apps', { verb: 'get', kind: 'deployment', namespace: 'default', output: table }],
  ['kubectl get rs', { verb: 'get', kind: 'replicaset', namespace: 'default', output: table }],
  ['kubectl get sts', { verb: 'get', kind: 'statefulset', namespace: 'default', output: table }],
  ['kubectl get ds', { verb: 'get', kind: 'daemonset', namespace: 'default', output: table }],
  ['kubectl get svc', { verb: 'get', kind: 'service', namespace: 'default', output: table }],
  ['kubectl get cm', { verb: 'get', kind: 'configmap', namespace: 'default', output: table }],
  ['kubectl get ev', { verb: 'get', kind: 'event', namespace: 'default', output: table }],
  ['kubectl get job', { verb: 'get', kind: 'job', namespace: 'default', output: table }],
  ['kubectl get jobs.batch', { verb: 'get', kind: 'job', namespace: 'default', output: table }],
  ['kubectl get cj', { verb: 'get', kind: 'cronjob', namespace: 'default', output: table }],
  ['kubectl get cronjobs', { verb: 'get', kind: 'cronjob', namespace: 'default', output: table }],
  ['kubectl get nodes', { verb: 'get', kind: 'node', namespace: null, output: table }],
  ['kubectl get no -n prod', { verb: 'get', kind: 'node', namespace: null, output: table }],
  [
    'kubectl get node node-1 -A',
    { verb: 'get', kind: 'node', namespace: null, name: 'node-1', output: table },
  ],
  ['kubectl get ns', { verb: 'get', kind: 'namespace', namespace: null, output: table }],
  [
    'kubectl get pods -l app=web,tier!=db',
    { verb: 'get', kind: 'pod', namespace: 'default', labelSelector: 'app=web,tier!=db', output: table },
  ],
  [
    "kubectl get pods -l 'env in (prod,qa)'",
    { verb: 'get', kind: 'pod', namespace: 'default', labelSelector: 'env in (prod,qa)', output: table },
  ],
  [
    "kubectl get pods -l '!canary'",
    { verb: 'get', kind: 'pod', namespace: 'default', labelSelector: '!canary', output: table },
  ],
  [
    'kubectl get pods --selector=app=web',
    { verb: 'get', kind: 'pod', namespace: 'default', labelSelector: 'app=web', output: table },
  ],
  [
    'kubectl get pods --field-selector status.phase=Running',
    { verb: 'get', kind: 'pod', namespace: 'default', fieldSelector: 'status.phase=Running', output: table },
  ],
  [
    'kubectl get events --field-selector=involvedObject.name=api -A',
    { verb: 'get', kind: 'event', namespace: null, fieldSelector: 'involvedObject.name=api', output: table },
  ],
  // describe
  [
    'kubectl describe pod api-7b4f9d -n production',
    { verb: 'describe', kind: 'pod', namespace: 'production', name: 'api-7b4f9d' },
  ],
  ['kubectl describe po/api', { verb: 'describe', kind: 'pod', namespace: 'default', name: 'api' }],
  [
    'kubectl describe deployment/api',
    { verb: 'describe', kind: 'deployment', namespace: 'default', name: 'api' },
  ],
  ['kubectl describe svc api', { verb: 'describe', kind: 'service', namespace: 'default', name: 'api' }],
  [
    'kubectl describe node ip-10-0-0-1.ec2.internal',
    { verb: 'describe', kind: 'node', namespace: null, name: 'ip-10-0-0-1.ec2.internal' },
  ],
  // logs
  ['kubectl logs api-7b4f9d', { verb: 'logs', namespace: 'default', pod: 'api-7b4f9d', previous: false }],
  [
    'kubectl logs pod/api-7b4f9d -n prod -c app --tail=100',
    { verb: 'logs', namespace: 'prod', pod: 'api-7b4f9d', container: 'app', tailLines: 100, previous: false },
  ],
  [
    'kubectl logs po/api --tail 0 --container app',
    { verb: 'logs', namespace: 'default', pod: 'api', container: 'app', tailLines: 0, previous: false },
  ],
  [
    'kubectl logs api -p --since=5s',
    { verb: 'logs', namespace: 'default', pod: 'api', previous: true, sinceSeconds: 5 },
  ],
  [
    'kubectl logs api --previous --since=10m',
    { verb: 'logs', namespace: 'default', pod: 'api', previous: true, sinceSeconds: 600 },
  ],
  [
    'kubectl logs api --since=1h',
    { verb: 'logs', namespace: 'default', pod: 'api', previous: false, sinceSeconds: 3600 },
  ],
  [
    'kubectl logs api --since 1h30m',
    { verb: 'logs', namespace: 'default', pod: 'api', previous: false, sinceSeconds: 5400 },
  ],
  // delete
  [
    'kubectl delete pod api-service-7b4f9d -n production',
    { verb: 'delete', kind: 'pod', namespace: 'production', name: 'api-service-7b4f9d' },
  ],
  [
    'kubectl delete pod/api --grace-period=30',
    { verb: 'delete', kind: 'pod', namespace: 'default', name: 'api', gracePeriodSeconds: 30 },
  ],
  [
    'kubectl delete pod api --grace-period=0',
    { verb: 'delete', kind: 'pod', namespace: 'default', name: 'api', gracePeriodSeconds: 1 },
  ],
  [
    'kubectl delete pod api --now',
    { verb: 'delete', kind: 'pod', namespace: 'default', name: 'api', gracePeriodSeconds: 1 },
  ],
  [
    'kubectl delete deployment api -n prod',
    { verb: 'delete', kind: 'deployment', namespace: 'prod', name: 'api' },
  ],
  ['kubectl delete sts db', { verb: 'delete', kind: 'statefulset', namespace: 'default', name: 'db' }],
  ['kubectl delete ds agent', { verb: 'delete', kind: 'daemonset', namespace: 'default', name: 'agent' }],
  ['kubectl delete svc api', { verb: 'delete', kind: 'service', namespace: 'default', name: 'api' }],
  [
    'kubectl delete jobs.batch backup-1',
    { verb: 'delete', kind: 'job', namespace: 'default', name: 'backup-1' },
  ],
  [
    'kubectl delete pods -l app=web',
    { verb: 'delete', kind: 'pod', namespace: 'default', labelSelector: 'app=web' },
  ],
  // scale
  [
    'kubectl scale deployment api --replicas=5',
    { verb: 'scale', kind: 'deployment', namespace: 'default', name: 'api', replicas: 5 },
  ],
  [
    'kubectl scale deploy/api --replicas 0 -n prod',
    { verb: 'scale', kind: 'deployment', namespace: 'prod', name: 'api', replicas: 0 },
  ],
  [
    'kubectl scale sts db --replicas=3 --current-replicas=2',
    { verb: 'scale', kind: 'statefulset', namespace: 'default', name: 'db', replicas: 3, currentReplicas: 2 },
  ],
  [
    'kubectl scale rs api-7b4f --replicas=1000',
    { verb: 'scale', kind: 'replicaset', namespace: 'default', name: 'api-7b4f', replicas: 1000 },
  ],
  // rollout
  [
    'kubectl rollout restart deployment/api -n prod',
    { verb: 'rollout', action: 'restart', kind: 'deployment', namespace: 'prod', name: 'api' },
  ],
  [
    'kubectl rollout restart deployment api',
    { verb: 'rollout', action: 'restart', kind: 'deployment', namespace: 'default', name: 'api' },
  ],
  [
    'kubectl rollout undo deployment/api',
    { verb: 'rollout', action: 'undo', kind: 'deployment', namespace: 'default', name: 'api' },
  ],
  [
    'kubectl rollout undo deployment/api --to-revision=3',
    { verb: 'rollout', action: 'undo', kind: 'deployment', namespace: 'default', name: 'api', toRevision: 3 },
  ],
  [
    'kubectl rollout undo deployment/api --to-revision=0',
    { verb: 'rollout', action: 'undo', kind: 'deployment', namespace: 'default', name: 'api' },
  ],
  [
    'kubectl rollout status sts/db --timeout=5m',
    {
      verb: 'rollout',
      action: 'status',
      kind: 'statefulset',
      namespace: 'default',
      name: 'db',
      timeoutSeconds: 300,
    },
  ],
  [
    'kubectl rollout status ds/agent',
    { verb: 'rollout', action: 'status', kind: 'daemonset', namespace: 'default', name: 'agent' },
  ],
  [
    'kubectl rollout history deployment/api --revision=2',
    {
      verb: 'rollout',
      action: 'history',
      kind: 'deployment',
      namespace: 'default',
      name: 'api',
      revision: 2,
    },
  ],
  // cordon
  ['kubectl cordon node-1', { verb: 'cordon', node: 'node-1' }],
  ['kubectl cordon node/node-1', { verb: 'cordon', node: 'node-1' }],
  ['kubectl uncordon no/node-1', { verb: 'uncordon', node: 'node-1' }],
  ['kubectl uncordon node-1 -n prod', { verb: 'uncordon', node: 'node-1' }],
];

for (const [input, expected] of accepted) {
  test(`parses "${input}"`, () => {
    assert.deepEqual(parseCommand(input, ctx), { ok: true, value: expected });
  });
  test(`renders "${input}" canonically and parses the rendering back to the same operation`, () => {
    const rendered = describeOperation(expected);
    assert.match(rendered, /^kubectl /);
    assert.deepEqual(parseCommand(rendered, { defaultNamespace: 'elsewhere' }), {
      ok: true,
      value: expected,
    });
  });
}

type Code = CommandError['code'];
const hundredKb = `kubectl get pods ${'a'.repeat(100 * 1024)}`;

/** [input, expected code, text the reason must contain (the offending token)] */
const refused: readonly (readonly [string, Code, string])[] = [
  // shell syntax and hidden characters
  ['kubectl get pods; rm -rf /', 'unsafe_input', "';'"],
  ['kubectl get pods && curl x', 'unsafe_input', "'&&'"],
  ['$(curl x)', 'unsafe_input', "'$('"],
  ['`id`', 'unsafe_input', "'`'"],
  ['kubectl get pods | sh', 'unsafe_input', "'|'"],
  ['kubectl get pods > /etc/passwd', 'unsafe_input', "'>'"],
  ['kubectl get pods -n "$NS"', 'unsafe_input', "'$'"],
  ['kubectl get pods —namespace prod', 'unsafe_input', 'U+2014 EM DASH'],
  ['kubectl get pods\0', 'unsafe_input', 'U+0000 NULL'],
  ['kubectl get pods\nkubectl delete ns prod', 'unsafe_input', 'U+000A LINE FEED'],
  ['kubectl delete pod \u202eipa', 'unsafe_input', 'RIGHT-TO-LEFT OVERRIDE'],
  [hundredKb, 'unsafe_input', 'limit is 4096'],
  // identity and target flags, in every spelling and position
  ['kubectl get pods --kubeconfig=/etc/x', 'forbidden_command', '--kubeconfig'],
  ['kubectl get pods --kubeconfig /etc/x', 'forbidden_command', '--kubeconfig'],
  ['kubectl get pods --server https://evil', 'forbidden_command', '--server'],
  ['kubectl get pods --server=https://evil', 'forbidden_command', '--server'],
  ['kubectl get pods -s https://evil', 'forbidden_command', '-s (--server)'],
  ['kubectl get pods -shttps://evil', 'forbidden_command', '-s (--server)'],
  ['kubectl get pods --as=system:admin', 'forbidden_command', '--as'],
  ['kubectl get pods --as system:admin', 'forbidden_command', '--as'],
  ['kubectl get pods --as-group=system:masters', 'forbidden_command', '--as-group'],
  ['kubectl get pods --as-uid=0', 'forbidden_command', '--as-uid'],
  ['kubectl --context=prod get pods', 'forbidden_command', '--context'],
  ['kubectl get pods --cluster prod', 'forbidden_command', '--cluster'],
  ['kubectl get pods --user admin', 'forbidden_command', '--user'],
  ['kubectl get pods --token=abc', 'forbidden_command', '--token'],
  ['kubectl get pods -token=abc', 'forbidden_command', '--token'],
  ['kubectl -token abc get pods', 'forbidden_command', '--token'],
  ['kubectl get pods --insecure-skip-tls-verify', 'forbidden_command', '--insecure-skip-tls-verify'],
  ['kubectl get pods --insecure-skip-tls-verify=true', 'forbidden_command', '--insecure-skip-tls-verify'],
  ['kubectl get pods --certificate-authority=/x', 'forbidden_command', '--certificate-authority'],
  ['kubectl get pods --client-certificate /x', 'forbidden_command', '--client-certificate'],
  ['kubectl get pods --client-key=/x', 'forbidden_command', '--client-key'],
  ['kubectl get pods --username=a', 'forbidden_command', '--username'],
  ['kubectl get pods --password b', 'forbidden_command', '--password'],
  ['kubectl get --raw /api/v1/namespaces/default/secrets', 'forbidden_command', '--raw'],
  ['kubectl delete pods --all', 'forbidden_command', '--all'],
  ['kubectl delete pod api --force --grace-period=0', 'forbidden_command', '--force'],
  // secrets
  ['kubectl get secrets', 'forbidden_command', "'secrets'"],
  ['kubectl get secret x -o yaml', 'forbidden_command', "'secret'"],
  ['kubectl get secrets.v1 -A', 'forbidden_command', "'secrets.v1'"],
  ['kubectl describe secret/db-password', 'forbidden_command', "'secret'"],
  // verbs outside the allowlist
  ['kubectl exec -it x -- sh', 'unsupported_command', "'exec'"],
  ['kubectl port-forward svc/api 8080:80', 'unsupported_command', "'port-forward'"],
  ['kubectl cp x:/etc/passwd .', 'unsupported_command', "'cp'"],
  ['kubectl proxy', 'unsupported_command', "'proxy'"],
  ['kubectl edit deploy api', 'unsupported_command', "'edit'"],
  ['kubectl apply -f x.yaml', 'unsupported_command', "'apply'"],
  ['kubectl create ns x', 'unsupported_command', "'create'"],
  ['kubectl patch deploy api -p x', 'unsupported_command', "'patch'"],
  ['kubectl replace -f x.yaml', 'unsupported_command', "'replace'"],
  ['kubectl run x --image=busybox', 'unsupported_command', "'run'"],
  ['kubectl attach x', 'unsupported_command', "'attach'"],
  ['kubectl auth can-i delete pods', 'unsupported_command', "'auth'"],
  ['kubectl config view --raw', 'unsupported_command', "'config'"],
  ['kubectl drain node-1', 'unsupported_command', "'drain'"],
  ['kubectl taint nodes node-1 k=v:NoSchedule', 'unsupported_command', "'taint'"],
  ['kubectl label pods api x=y', 'unsupported_command', "'label'"],
  ['kubectl annotate pods api x=y', 'unsupported_command', "'annotate'"],
  ['kubectl set image deploy/api app=evil', 'unsupported_command', "'set'"],
  ['kubectl krew install evil', 'unsupported_command', "'krew'"],
  ['sudo kubectl get pods', 'unsupported_command', "'sudo'"],
  ['/usr/bin/kubectl get pods', 'unsupported_command', "'/usr/bin/kubectl'"],
  ['kubectl -n prod exec api -- sh', 'unsupported_command', "'exec'"],
  ['kubectl -n prod', 'unsupported_command', 'no verb'],
  ['kubectl --context prod exec api', 'forbidden_command', '--context'],
  ['kubectl -it exec api -- sh', 'unsupported_command', "'exec'"],
  // resources, actions and flags outside the allowlist
  ['kubectl get', 'unsupported_command', 'resource type'],
  ['kubectl get all', 'unsupported_command', "'all'"],
  ['kubectl get ingress', 'unsupported_command', "'ingress'"],
  ['kubectl describe configmap x', 'unsupported_command', "'configmap'"],
  ['kubectl delete namespace prod', 'unsupported_command', "'namespace'"],
  ['kubectl delete node node-1', 'unsupported_command', "'node'"],
  ['kubectl scale job x --replicas=1', 'unsupported_command', "'job'"],
  ['kubectl rollout', 'unsupported_command', 'needs an action'],
  ['kubectl rollout pause deployment/api', 'unsupported_command', "'pause'"],
  ['kubectl rollout restart pod/api', 'unsupported_command', "'pod'"],
  ['kubectl logs deploy/api', 'unsupported_command', "'deploy'"],
  ['kubectl cordon pod/x', 'unsupported_command', "'pod'"],
  ['kubectl get pods -w', 'unsupported_command', "'-w'"],
  ['kubectl get pods --watch', 'unsupported_command', "'--watch'"],
  ['kubectl logs api -f', 'unsupported_command', "'-f'"],
  ['kubectl delete -f x.yaml', 'unsupported_command', "'-f'"],
  ['kubectl get pods --dry-run=client', 'unsupported_command', "'--dry-run'"],
  ['kubectl get pods --tail=5', 'unsupported_command', '--tail'],
  ['kubectl describe pod x -A', 'unsupported_command', '--all-namespaces'],
  ['kubectl delete pods -A -l app=x', 'unsupported_command', '--all-namespaces'],
  ['kubectl rollout restart deployment/api --to-revision=2', 'unsupported_command', '--to-revision'],
  ['kubectl get pods -o jsonpath=x', 'unsupported_command', "'jsonpath=x'"],
  ['kubectl get pods -o custom-columns=NAME:.metadata.name', 'unsupported_command', "'custom-columns"],
  // malformed
  ['', 'invalid_command', 'empty'],
  ['kubectl', 'invalid_command', 'empty'],
  ['kubectl scale deployment api --replicas=5x', 'invalid_command', "'5x'"],
  ['kubectl scale deployment api --replicas=-1', 'invalid_command', "'-1'"],
  ['kubectl scale deployment api --replicas=+5', 'invalid_command', "'+5'"],
  ['kubectl scale deployment api --replicas=1e3', 'invalid_command', "'1e3'"],
  ['kubectl scale deployment api --replicas=0x10', 'invalid_command', "'0x10'"],
  ['kubectl scale deployment api --replicas 5.0', 'invalid_command', "'5.0'"],
  ['kubectl scale deployment api --replicas=1001', 'invalid_command', '1001'],
  ['kubectl scale deployment api --replicas=', 'invalid_command', '--replicas'],
  ['kubectl scale deployment api', 'invalid_command', '--replicas'],
  ['kubectl scale deployment --replicas=3', 'invalid_command', 'a name'],
  ['kubectl get pods a b', 'invalid_command', "'a', 'b'"],
  ['kubectl delete pod a b', 'invalid_command', "'a', 'b'"],
  ['kubectl get pod/a pod/b', 'invalid_command', "'pod/b'"],
  ['kubectl get pods,svc', 'invalid_command', "'pods,svc'"],
  ['kubectl get pod/', 'invalid_command', "'pod/'"],
  ['kubectl get /api', 'invalid_command', "'/api'"],
  ['kubectl get pod Api_Service', 'invalid_command', "'Api_Service'"],
  ['kubectl get pod api–service', 'invalid_command', 'U+2013 EN DASH'],
  [`kubectl get pod ${'a'.repeat(254)}`, 'invalid_command', 'limit is 253'],
  ['kubectl get pod api-', 'invalid_command', "'api-'"],
  ['kubectl get pods -n Prod', 'invalid_command', "'Prod'"],
  ['kubectl get pods -n kube.system', 'invalid_command', "'.'"],
  ['kubectl get pods -n', 'invalid_command', '-n'],
  ['kubectl get pods -n -A', 'invalid_command', "'-A'"],
  ['kubectl get pods --namespace=', 'invalid_command', '--namespace'],
  ['kubectl get pods -namespace=prod', 'invalid_command', "'-namespace=prod'"],
  ['kubectl get pods -n a -n b', 'invalid_command', 'twice'],
  ['kubectl get pods -n prod --namespace=qa', 'invalid_command', 'twice'],
  ['kubectl get pods -o json -o yaml', 'invalid_command', 'twice'],
  ['kubectl get pods -A -n prod', 'invalid_command', '-A/--all-namespaces'],
  ['kubectl get pod api -A', 'invalid_command', "'api'"],
  ['kubectl get pod api -l app=x', 'invalid_command', "'api'"],
  ["kubectl get pods -l 'app=web;rm'", 'invalid_command', "';'"],
  ["kubectl get pods -l ' '", 'invalid_command', 'empty'],
  ["kubectl get pods --field-selector='status.phase in (Running)'", 'invalid_command', 'a space'],
  ['kubectl get pods -pA', 'invalid_command', "'-pA'"],
  ['kubectl delete pod api --now=yes', 'invalid_command', "'--now=yes'"],
  ['kubectl get pods --all-namespaces=maybe', 'invalid_command', '--all-namespaces'],
  ['kubectl get pods -- api', 'invalid_command', "'--'"],
  ['kubectl describe pod', 'invalid_command', 'a name'],
  ['kubectl delete pod', 'invalid_command', 'a name or a -l selector'],
  ['kubectl delete', 'invalid_command', 'resource type'],
  ['kubectl delete pod api -l app=x', 'invalid_command', "'api'"],
  ['kubectl delete pod api --now --grace-period=5', 'invalid_command', '--now'],
  ['kubectl delete pod api --grace-period=-1', 'invalid_command', "'-1'"],
  ['kubectl logs', 'invalid_command', 'pod name'],
  ['kubectl logs api app', 'invalid_command', "'app'"],
  ['kubectl logs api --since=5', 'invalid_command', "'5'"],
  ['kubectl logs api --since=1d', 'invalid_command', "'1d'"],
  ['kubectl logs api --since=0s', 'invalid_command', "'0s'"],
  ['kubectl logs api --tail=-1', 'invalid_command', "'-1'"],
  ['kubectl logs api --tail -1', 'invalid_command', "'-1'"],
  ['kubectl logs api -c App', 'invalid_command', "'App'"],
  ['kubectl cordon', 'invalid_command', 'node name'],
  ['kubectl cordon node-1 node-2', 'invalid_command', "'node-2'"],
  ['kubectl rollout undo deployment/api --to-revision=x', 'invalid_command', "'x'"],
  ['kubectl rollout status deployment/api --timeout=abc', 'invalid_command', "'abc'"],
  ['kubectl rollout restart deployment', 'invalid_command', 'a name'],
];

for (const [input, code, mention] of refused) {
  test(`refuses ${JSON.stringify(input.slice(0, 70))} as ${code}, naming ${mention}`, () => {
    const r = parseCommand(input, ctx);
    assert.equal(r.ok, false);
    assert.equal(r.error.code, code);
    assert.ok(r.error.reason.includes(mention), `reason ${JSON.stringify(r.error.reason)} lacks ${mention}`);
    assert.equal(r.error.command, input === hundredKb ? r.error.command : input);
  });
}

test('lists the supported verbs when it refuses a verb', () => {
  const r = parseCommand('kubectl exec -it x -- sh', ctx);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'unsupported_command');
  assert.equal(r.error.supported, 'get, describe, logs, delete, scale, rollout, cordon, uncordon');
  assert.ok(r.error.reason.includes(r.error.supported));
});

test('gives the column of unsafe input', () => {
  const r = parseCommand('kubectl get pods; rm -rf /', ctx);
  assert.deepEqual(r, {
    ok: false,
    error: {
      code: 'unsafe_input',
      command: 'kubectl get pods; rm -rf /',
      column: 17,
      reason:
        "unquoted ';' (a command separator) at column 17 is refused: kubegate runs one kubectl command and no shell",
    },
  });
});

test('echoes only the start of a 100 KB command in the error', () => {
  const r = parseCommand(hundredKb, ctx);
  assert.equal(r.ok, false);
  assert.ok(r.error.command.length < 200);
  assert.ok(r.error.command.endsWith('(102417 characters)'));
});

test('uses the default namespace when the command has no -n, and an explicit -n over it', () => {
  const payments = { defaultNamespace: 'payments' };
  assert.deepEqual(parseCommand('kubectl delete pod api', payments), {
    ok: true,
    value: { verb: 'delete', kind: 'pod', namespace: 'payments', name: 'api' },
  });
  assert.deepEqual(parseCommand('kubectl delete pod api -n production', payments), {
    ok: true,
    value: { verb: 'delete', kind: 'pod', namespace: 'production', name: 'api' },
  });
});

test('refuses an invalid default namespace and names it', () => {
  const r = parseCommand('kubectl get pods', { defaultNamespace: 'Bad_NS' });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'invalid_command');
  assert.ok(r.error.reason.includes("'Bad_NS'"));
});

test('renders the canonical kubectl command an approver reads', () => {
  const cases: readonly (readonly [string, string])[] = [
    [
      'kubectl delete pod/api-service-7b4f9d --namespace=production',
      'kubectl delete pod api-service-7b4f9d -n production',
    ],
    ['delete pods -l app=web --now', 'kubectl delete pods -l app=web -n default --grace-period=1'],
    ["get po -l 'env in (a,b)' -A -ojson", "kubectl get pods -A -l 'env in (a,b)' -o json"],
    ['logs pod/api -p --since=1h', 'kubectl logs api -n default --previous --since=3600s'],
    [
      'rollout status deploy api --timeout=1m',
      'kubectl rollout status deployment/api -n default --timeout=60s',
    ],
    ['cordon node/node-1', 'kubectl cordon node-1'],
  ];
  for (const [input, expected] of cases) {
    const r = parseCommand(input, ctx);
    assert.ok(r.ok);
    assert.equal(describeOperation(r.value), expected);
  }
});

test('gives one digest input for every spelling of the same operation, with keys sorted', () => {
  const spellings = [
    'kubectl delete pod api -n prod --grace-period=30',
    'delete --namespace=prod pod/api --grace-period 30',
    'kubectl delete po api -nprod --grace-period=30',
  ];
  const digests = spellings.map((s) => {
    const r = parseCommand(s, ctx);
    assert.ok(r.ok);
    return operationDigestInput(r.value);
  });
  assert.deepEqual(new Set(digests).size, 1);
  assert.equal(
    digests[0],
    '{"gracePeriodSeconds":30,"kind":"pod","name":"api","namespace":"prod","verb":"delete"}',
  );
});

const mutating: readonly (readonly [string, boolean])[] = [
  ['get pods', false],
  ['describe pod api', false],
  ['logs api', false],
  ['rollout status deployment/api', false],
  ['rollout history deployment/api', false],
  ['rollout restart deployment/api', true],
  ['rollout undo deployment/api', true],
  ['delete pod api', true],
  ['scale deployment api --replicas=2', true],
  ['cordon node-1', true],
  ['uncordon node-1', true],
];

for (const [input, expected] of mutating) {
  test(`reports "${input}" as ${expected ? 'mutating' : 'read-only'}`, () => {
    const r = parseCommand(input, ctx);
    assert.ok(r.ok);
    assert.equal(isMutating(r.value), expected);
  });
}

const vocabulary = [
  ...['kubectl', 'get', 'delete', 'scale', 'rollout', 'restart', 'undo', 'logs', 'describe', 'cordon'],
  ...['pods', 'po', 'deploy', 'node', 'svc', 'secret', 'api', 'pod/api', 'deployment/web', 'node-1'],
  ...['-n', 'prod', '-A', '-l', 'app=web', '-o', 'json', '--replicas=0', '--replicas', '3', '--now', '-p'],
  ...[
    '--grace-period=0',
    '--tail=5',
    '--since=1m',
    '--to-revision=2',
    '--timeout=1m',
    '--as=admin',
    ';',
    "'a b'",
  ],
];

test('never throws, and every command it accepts renders to a command that parses back the same', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 8 }), (words) => {
      const r = parseCommand(words.join(' '), ctx);
      if (!r.ok) return;
      assert.deepEqual(parseCommand(describeOperation(r.value), ctx), r);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
      parseCommand(input, ctx);
    }),
  );
});
