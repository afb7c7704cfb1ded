import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kind } from '../../../src/kube/command/model.ts';
import { renderTable } from '../../../src/kube/printers/table.ts';
import {
  ago,
  completedPod,
  containerStatus,
  crashingPod,
  deployment,
  event,
  healthyPod,
  node,
  now,
  pod,
  running,
  terminatingPod,
} from './fixtures.ts';

const plain = { wide: false, now, allNamespaces: false, namespace: 'shop' };

const table = (...lines: string[]): string => lines.join('\n');

const cases: readonly (readonly [string, Kind, readonly object[], typeof plain, string])[] = [
  [
    'prints pods with kubectl status reasons and the last restart',
    'pod',
    [crashingPod, healthyPod, terminatingPod, completedPod],
    plain,
    table(
      'NAME               READY   STATUS             RESTARTS      AGE',
      'api-7b4f9d-x2k4q   0/1     CrashLoopBackOff   7 (12m ago)   3d',
      'web-5d8c7-abcde    2/2     Running            0             3d',
      'api-7b4f9d-old01   1/1     Terminating        0             3d',
      'migrate-29kx7      0/1     Completed          0             15m',
    ),
  ],
  [
    'shows an OOMKilled container that has not restarted yet',
    'pod',
    [
      pod(
        'worker-0',
        [
          containerStatus(
            'worker',
            { terminated: { exitCode: 137, reason: 'OOMKilled' } },
            { restartCount: 0 },
          ),
        ],
        { age: 50 },
      ),
    ],
    plain,
    table('NAME       READY   STATUS      RESTARTS   AGE', 'worker-0   0/1     OOMKilled   0          50s'),
  ],
  [
    'names the first blocked init container',
    'pod',
    [
      {
        ...pod('api-init', [containerStatus('api', { waiting: { reason: 'PodInitializing' } })], {
          phase: 'Pending',
          age: 30,
        }),
        spec: { containers: [{ name: 'api' }], initContainers: [{ name: 'migrate' }, { name: 'warm' }] },
        status: {
          phase: 'Pending',
          initContainerStatuses: [containerStatus('migrate', { waiting: { reason: 'ImagePullBackOff' } })],
          containerStatuses: [containerStatus('api', { waiting: { reason: 'PodInitializing' } })],
        },
      },
    ],
    plain,
    table(
      'NAME       READY   STATUS                  RESTARTS   AGE',
      'api-init   0/1     Init:ImagePullBackOff   0          30s',
    ),
  ],
  [
    'adds IP, node, nominated node and readiness gates under -o wide, and NAMESPACE under -A',
    'pod',
    [healthyPod],
    { ...plain, wide: true, allNamespaces: true },
    table(
      'NAMESPACE   NAME              READY   STATUS    RESTARTS   AGE   IP            NODE     NOMINATED NODE   READINESS GATES',
      'shop        web-5d8c7-abcde   2/2     Running   0          3d    10.244.1.17   node-1   <none>           <none>',
    ),
  ],
  [
    'prints deployments as ready/desired',
    'deployment',
    [deployment],
    plain,
    table('NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'api    2/3     3            2           30d'),
  ],
  [
    'adds containers, images and the selector for wide deployments',
    'deployment',
    [deployment],
    { ...plain, wide: true },
    table(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES                           SELECTOR',
      'api    2/3     3            2           30d   api          registry.example.com/api:1.4.2   app=api',
    ),
  ],
  [
    'marks a cordoned node SchedulingDisabled and lists roles',
    'node',
    [
      node('node-1', { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
      node('node-2', { unschedulable: true }),
      node('node-3', { ready: false }),
    ],
    { ...plain, allNamespaces: true },
    table(
      'NAME     STATUS                     ROLES           AGE   VERSION',
      'node-1   Ready                      control-plane   90d   v1.32.1',
      'node-2   Ready,SchedulingDisabled   <none>          90d   v1.32.1',
      'node-3   NotReady                   <none>          90d   v1.32.1',
    ),
  ],
  [
    'prints service types, addresses and ports',
    'service',
    [
      {
        metadata: { name: 'api', creationTimestamp: ago(86400) },
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.96.12.7',
          clusterIPs: ['10.96.12.7'],
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 9090, protocol: 'TCP' },
          ],
        },
      },
      {
        metadata: { name: 'web', creationTimestamp: ago(86400) },
        spec: { type: 'LoadBalancer', clusterIPs: ['10.96.3.1'], ports: [{ port: 443, nodePort: 30443 }] },
        status: { loadBalancer: {} },
      },
      {
        metadata: { name: 'edge', creationTimestamp: ago(86400) },
        spec: {
          type: 'LoadBalancer',
          clusterIPs: ['10.96.3.2'],
          ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
        },
        status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      },
      {
        metadata: { name: 'db', creationTimestamp: ago(86400) },
        spec: { type: 'ExternalName', externalName: 'db.example.com' },
      },
    ],
    plain,
    table(
      'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)           AGE',
      'api    ClusterIP      10.96.12.7   <none>           80/TCP,9090/TCP   24h',
      'web    LoadBalancer   10.96.3.1    <pending>        443:30443/TCP     24h',
      'edge   LoadBalancer   10.96.3.2    203.0.113.10     443:31443/TCP     24h',
      'db     ExternalName   <none>       db.example.com   <none>            24h',
    ),
  ],
  [
    'prints events with repeated ones at their last sighting, message flattened',
    'event',
    [
      event('BackOff', 'Back-off restarting failed container api', {
        count: 42,
        firstTimestamp: ago(7200),
        lastTimestamp: ago(30),
      }),
      event('OOMKilling', 'Memory cgroup out of memory:\nKilled process 4242', {
        involvedObject: { kind: 'Node', name: 'node-1' },
        lastTimestamp: undefined,
      }),
    ],
    plain,
    table(
      'LAST SEEN   TYPE      REASON       OBJECT                 MESSAGE',
      '30s         Warning   BackOff      pod/api-7b4f9d-x2k4q   Back-off restarting failed container api',
      '2m          Warning   OOMKilling   node/node-1            Memory cgroup out of memory: Killed process 4242',
    ),
  ],
  [
    'prints jobs with status, completions and duration',
    'job',
    [
      {
        metadata: { name: 'migrate', creationTimestamp: ago(900) },
        spec: { completions: 1 },
        status: {
          succeeded: 1,
          startTime: ago(900),
          completionTime: ago(858),
          conditions: [{ type: 'Complete', status: 'True' }],
        },
      },
      {
        metadata: { name: 'reindex', creationTimestamp: ago(300) },
        spec: { parallelism: 3 },
        status: { active: 3, startTime: ago(300) },
      },
    ],
    plain,
    table(
      'NAME      STATUS     COMPLETIONS   DURATION   AGE',
      'migrate   Complete   1/1           42s        15m',
      'reindex   Running    0/1 of 3      5m         5m',
    ),
  ],
  [
    'prints cronjobs with time zone, suspension and last schedule',
    'cronjob',
    [
      {
        metadata: { name: 'nightly', creationTimestamp: ago(10 * 86400) },
        spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template: {} } } },
        status: { lastScheduleTime: ago(9 * 3600) },
      },
    ],
    plain,
    table(
      'NAME      SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
      'nightly   0 3 * * *   <none>     False     0        9h              10d',
    ),
  ],
  [
    'counts config map keys and binary keys',
    'configmap',
    [
      {
        metadata: { name: 'api-config', creationTimestamp: ago(86400 * 3) },
        data: { a: '1', b: '2' },
        binaryData: { c: 'AA==' },
      },
    ],
    plain,
    table('NAME         DATA   AGE', 'api-config   3      3d'),
  ],
  ['says which namespace had nothing', 'pod', [], plain, 'No resources found in shop namespace.'],
  [
    'says nothing was found across namespaces',
    'pod',
    [],
    { ...plain, allNamespaces: true },
    'No resources found',
  ],
  ['names no namespace for a cluster-scoped kind', 'node', [], plain, 'No resources found'],
];

for (const [name, kind, items, opts, expected] of cases) {
  test(name, () => {
    assert.equal(renderTable(kind, items, opts), expected);
  });
}

test('reads ISO-string timestamps as well as Dates', () => {
  const asStrings = JSON.parse(JSON.stringify(crashingPod));
  assert.equal(renderTable('pod', [asStrings], plain), renderTable('pod', [crashingPod], plain));
});

test('reports a running container beside a completed one as Running', () => {
  const base = pod('batch-0', [
    containerStatus('done', { terminated: { exitCode: 0, reason: 'Completed' } }),
    containerStatus('live', running, { ready: true }),
  ]);
  const mixed = { ...base, status: { ...base.status, conditions: [{ type: 'Ready', status: 'True' }] } };
  assert.match(renderTable('pod', [mixed], plain), /batch-0 +1\/2 +Running /);
});
