import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderDescribe } from '../../../src/kube/printers/describe.ts';
import { ago, crashingPod, deployment, event, node, now, replicaSet, terminatingPod } from './fixtures.ts';

const describedPod = {
  ...crashingPod,
  metadata: {
    ...crashingPod.metadata,
    labels: { app: 'api', 'pod-template-hash': '7b4f9d' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-7b4f9d', uid: 'rs-uid', controller: true },
    ],
  },
  spec: {
    ...crashingPod.spec,
    serviceAccountName: 'default',
    containers: [
      {
        name: 'api',
        image: 'registry.example.com/api:1.4.2',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: { limits: { memory: '256Mi' } },
      },
    ],
  },
  status: {
    ...crashingPod.status,
    hostIP: '10.0.1.5',
    startTime: ago(3 * 86400),
    qosClass: 'Burstable',
    conditions: [{ type: 'Ready', status: 'False' }],
  },
};

const backOff = event('BackOff', 'Back-off restarting failed container api', {
  count: 42,
  firstTimestamp: ago(7200),
  lastTimestamp: ago(30),
});
const pulled = event('Pulled', 'Container image already present on machine', {
  type: 'Normal',
  firstTimestamp: ago(3 * 3600),
  lastTimestamp: ago(3 * 3600),
});

test('describes a crashing pod: header, container state, last state and restarts', () => {
  const lines = renderDescribe('pod', describedPod, [], now).split('\n');
  const expected = [
    'Name:             api-7b4f9d-x2k4q',
    'Namespace:        shop',
    'Node:             node-1/10.0.1.5',
    'Start Time:       Thu, 26 Feb 2026 12:00:00 +0000',
    'Labels:           app=api',
    '                  pod-template-hash=7b4f9d',
    'Annotations:      <none>',
    'Status:           Running',
    'Controlled By:  ReplicaSet/api-7b4f9d',
    'Containers:',
    '  api:',
    '    Image:          registry.example.com/api:1.4.2',
    '    Port:           8080/TCP',
    '    State:          Waiting',
    '      Reason:       CrashLoopBackOff',
    '    Last State:     Terminated',
    '      Reason:       OOMKilled',
    '      Exit Code:    137',
    '      Finished:     Sun, 01 Mar 2026 11:48:00 +0000',
    '    Ready:          False',
    '    Restart Count:  7',
    '      memory:  256Mi',
    '  Ready          False',
    'QoS Class:       Burstable',
    'Node-Selectors:  <none>',
    'Tolerations:     <none>',
    'Events:          <none>',
  ];
  for (const line of expected) assert.ok(lines.includes(line), `missing line ${JSON.stringify(line)}`);
});

test('ends with the events table, oldest first, repeats summarised', () => {
  const text = renderDescribe('pod', describedPod, [backOff, pulled], now);
  assert.ok(
    text.endsWith(
      [
        '\nEvents:',
        '  Type     Reason   Age                  From     Message',
        '  ----     ------   ----                 ----     -------',
        '  Normal   Pulled   3h                   kubelet  Container image already present on machine',
        '  Warning  BackOff  30s (x42 over 120m)  kubelet  Back-off restarting failed container api',
      ].join('\n'),
    ),
    text,
  );
});

test('says how long a terminating pod has left', () => {
  assert.match(renderDescribe('pod', terminatingPod, [], now), /^Status: +Terminating \(lasts 30s\)$/m);
});

test('describes a deployment with its replica line, strategy, template and replica sets', () => {
  const sets = [
    replicaSet('api-7b4f9d', '4', 3),
    replicaSet('api-5c6d7e', '3', 1),
    replicaSet('api-1a2b3c', '2', 0),
  ];
  const text = renderDescribe('deployment', deployment, [], now, { replicaSets: sets });
  for (const line of [
    'Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 unavailable',
    'StrategyType:           RollingUpdate',
    'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
    'Selector:               app=api',
    'Pod Template:',
    '  Labels:  app=api',
    '  Containers:',
    '   api:',
    '    Image:         registry.example.com/api:1.4.2',
    '  Progressing    True    NewReplicaSetAvailable',
    'OldReplicaSets:  api-5c6d7e (1/1 replicas created)',
    'NewReplicaSet:   api-7b4f9d (3/3 replicas created)',
  ]) {
    assert.ok(text.split('\n').includes(line), `missing line ${JSON.stringify(line)}\n${text}`);
  }
  assert.doesNotMatch(text, /last-applied-configuration/);
});

test('leaves out replica sets it was not given', () => {
  assert.doesNotMatch(renderDescribe('deployment', deployment, [], now), /ReplicaSet:/);
});

test('describes a cordoned node: taint, unschedulable, conditions, capacity', () => {
  const text = renderDescribe('node', node('node-2', { unschedulable: true }), [], now);
  for (const line of [
    'Roles:              <none>',
    'Taints:             node.kubernetes.io/unschedulable:NoSchedule',
    'Unschedulable:      true',
    '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
    '  Ready            True    Sun, 01 Mar 2026 11:59:30 +0000   Sat, 28 Feb 2026 12:00:00 +0000   KubeletReady                 kubelet is posting ready status',
    'Capacity:',
    '  memory:  16393280Ki',
    'Allocatable:',
    '  cpu:     3920m',
    '  Kubelet Version:            v1.32.1',
  ]) {
    assert.ok(text.split('\n').includes(line), `missing line ${JSON.stringify(line)}\n${text}`);
  }
});

test('describes a service: type, IPs and each port', () => {
  const svc = {
    metadata: { name: 'api', namespace: 'shop', creationTimestamp: ago(86400) },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'api' },
      clusterIP: '10.96.12.7',
      clusterIPs: ['10.96.12.7'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
  const text = renderDescribe('service', svc, [], now);
  for (const line of [
    'Selector:          app=api',
    'Type:              ClusterIP',
    'IP:                10.96.12.7',
    'Port:              http  80/TCP',
    'TargetPort:        8080/TCP',
    'Session Affinity:  None',
    'Events:            <none>',
  ]) {
    assert.ok(text.split('\n').includes(line), `missing line ${JSON.stringify(line)}\n${text}`);
  }
});
