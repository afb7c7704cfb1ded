/**
 * A production namespace in the state an incident report would find it: api-service at revision 4 with one
 * pod crash-looping on OOMKilled, its previous revision still on record, and the usual neighbours.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeApiDouble } from './server.ts';
import type { LogLine } from './store.ts';
import type { JsonRecord } from './types.ts';

export interface ProductionFixture {
  namespace: 'production';
  deployment: 'api-service';
  /** The crash-looping pod (7 restarts, last terminated OOMKilled). */
  pod: 'api-service-7b4f9d-x2k4q';
  pods: readonly string[];
  node: 'node-1';
  replicaSets: { readonly current: string; readonly previous: string };
}

const NS = 'production';
const ago = (now: number, seconds: number): string =>
  new Date(now - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY = 86_400;

function apiTemplate(image: string, hash: string): JsonRecord {
  return {
    metadata: { labels: { app: 'api-service', tier: 'backend', 'pod-template-hash': hash } },
    spec: {
      containers: [
        {
          name: 'api',
          image,
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }],
          resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    },
  };
}

const ownedBy = (kind: string, apiVersion: string, name: string, uid: string): JsonRecord[] => [
  { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true },
];

function runningPod(
  now: number,
  name: string,
  rsName: string,
  rsUid: string,
  uid: string,
  ip: string,
  restarts: number,
): JsonRecord {
  const started = ago(now, restarts > 0 ? 12 * 60 : 2 * DAY);
  const template = apiTemplate('api:1.4.2', '7b4f9d');
  const conditions = [
    'PodReadyToStartContainers',
    'Initialized',
    'Ready',
    'ContainersReady',
    'PodScheduled',
  ].map((type) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: type === 'Ready' || type === 'ContainersReady' ? started : ago(now, 2 * DAY),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NS,
      uid,
      creationTimestamp: ago(now, 2 * DAY),
      generateName: `${rsName}-`,
      labels: { app: 'api-service', tier: 'backend', 'pod-template-hash': '7b4f9d' },
      ownerReferences: ownedBy('ReplicaSet', 'apps/v1', rsName, rsUid),
    },
    spec: { ...(template['spec'] as JsonRecord), nodeName: 'node-1', serviceAccountName: 'default' },
    status: {
      phase: 'Running',
      conditions,
      hostIP: '10.0.0.11',
      hostIPs: [{ ip: '10.0.0.11' }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: ago(now, 2 * DAY),
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'api',
          image: 'api:1.4.2',
          imageID: `docker.io/library/api@sha256:${'4f2a'.repeat(16)}`,
          containerID: `containerd://${randomBytes(32).toString('hex')}`,
          ready: true,
          started: true,
          restartCount: restarts,
          state: { running: { startedAt: started } },
          lastState:
            restarts > 0
              ? {
                  terminated: {
                    exitCode: 137,
                    reason: 'OOMKilled',
                    startedAt: ago(now, 47 * 60),
                    finishedAt: ago(now, 12 * 60 + 5),
                    containerID: `containerd://${randomBytes(32).toString('hex')}`,
                  },
                }
              : {},
        },
      ],
    },
  };
}

function replicaSet(
  now: number,
  name: string,
  hash: string,
  image: string,
  revision: number,
  replicas: number,
  depUid: string,
  uid: string,
  age: number,
): JsonRecord {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: NS,
      uid,
      creationTimestamp: ago(now, age),
      generation: replicas === 0 ? 2 : 1,
      labels: { app: 'api-service', tier: 'backend', 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': '3',
        'deployment.kubernetes.io/max-replicas': '4',
        'deployment.kubernetes.io/revision': String(revision),
      },
      ownerReferences: ownedBy('Deployment', 'apps/v1', 'api-service', depUid),
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'api-service', 'pod-template-hash': hash } },
      template: apiTemplate(image, hash),
    },
  };
}

function event(
  now: number,
  pod: { name: string; uid: string },
  type: string,
  reason: string,
  message: string,
  count: number,
  first: number,
  last: number,
): JsonRecord {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${pod.name}.${randomBytes(8).toString('hex')}`,
      namespace: NS,
      creationTimestamp: ago(now, first),
    },
    involvedObject: {
      kind: 'Pod',
      namespace: NS,
      name: pod.name,
      uid: pod.uid,
      apiVersion: 'v1',
      fieldPath: 'spec.containers{api}',
    },
    reason,
    message,
    type,
    count,
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(now, first),
    lastTimestamp: ago(now, last),
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
}

function node(now: number): JsonRecord {
  const conditions = [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
    ['Ready', 'True', 'KubeletReady'],
  ].map(([type, status, reason]) => ({
    type,
    status,
    reason,
    message: `kubelet ${reason ?? ''}`,
    lastHeartbeatTime: ago(now, 30),
    lastTransitionTime: ago(now, 40 * DAY),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'node-1',
      creationTimestamp: ago(now, 40 * DAY),
      labels: {
        'kubernetes.io/hostname': 'node-1',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm6i.xlarge',
        'topology.kubernetes.io/zone': 'eu-west-1a',
      },
    },
    spec: {
      podCIDR: '10.244.0.0/24',
      podCIDRs: ['10.244.0.0/24'],
      providerID: 'aws:///eu-west-1a/i-0a1b2c3d4e5f67890',
    },
    status: {
      capacity: { cpu: '4', memory: '16073572Ki', pods: '110', 'ephemeral-storage': '104845292Ki' },
      allocatable: { cpu: '3920m', memory: '15056740Ki', pods: '110', 'ephemeral-storage': '96625420033' },
      conditions,
      addresses: [
        { type: 'InternalIP', address: '10.0.0.11' },
        { type: 'Hostname', address: 'node-1' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: 'v1.32.4',
        containerRuntimeVersion: 'containerd://1.7.27',
        osImage: 'Ubuntu 24.04.2 LTS',
        kernelVersion: '6.8.0-1024-aws',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

function workload(
  kind: 'StatefulSet' | 'DaemonSet',
  name: string,
  image: string,
  now: number,
  extra: JsonRecord,
): JsonRecord {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name,
      namespace: NS,
      creationTimestamp: ago(now, 30 * DAY),
      labels: { app: name },
      generation: 1,
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image, imagePullPolicy: 'IfNotPresent' }] },
      },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: kind === 'StatefulSet' ? { partition: 0 } : { maxUnavailable: 1, maxSurge: 0 },
      },
      revisionHistoryLimit: 10,
      ...extra,
    },
  };
}

function job(now: number): JsonRecord {
  const uid = randomUUID();
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': 'db-migrate-1714',
    'controller-uid': uid,
    'job-name': 'db-migrate-1714',
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'db-migrate-1714',
      namespace: NS,
      uid,
      creationTimestamp: ago(now, 2 * DAY + 600),
      labels,
      generation: 1,
    },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'migrate', image: 'api:1.4.2', command: ['/app/migrate', 'up'] }],
        },
      },
    },
    status: {
      startTime: ago(now, 2 * DAY + 600),
      completionTime: ago(now, 2 * DAY + 540),
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          lastProbeTime: ago(now, 2 * DAY + 540),
          lastTransitionTime: ago(now, 2 * DAY + 540),
        },
        {
          type: 'Complete',
          status: 'True',
          lastProbeTime: ago(now, 2 * DAY + 540),
          lastTransitionTime: ago(now, 2 * DAY + 540),
        },
      ],
    },
  };
}

function apiLog(now: number, lines: readonly string[], endAgo: number): LogLine[] {
  return lines.map((line, i) => ({
    at: new Date(now - (endAgo + (lines.length - i) * 47) * 1000).toISOString(),
    line,
  }));
}

/** Seeds the fixture and the crash-looping pod's current and previous logs. */
export function seedProductionFixture(double: KubeApiDouble, now = Date.now()): ProductionFixture {
  const depUid = randomUUID();
  const rsCurrent = { name: 'api-service-7b4f9d', uid: randomUUID() };
  const rsPrevious = { name: 'api-service-6d8c5b', uid: randomUUID() };
  const pods = [
    { name: 'api-service-7b4f9d-x2k4q', uid: randomUUID(), ip: '10.244.0.15', restarts: 7 },
    { name: 'api-service-7b4f9d-m8p2z', uid: randomUUID(), ip: '10.244.0.16', restarts: 0 },
    { name: 'api-service-7b4f9d-r5t7w', uid: randomUUID(), ip: '10.244.0.17', restarts: 0 },
  ] as const;
  const crashing = pods[0];
  const template = apiTemplate('api:1.4.2', '7b4f9d');
  double.seed([
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: NS,
        creationTimestamp: ago(now, 40 * DAY),
        labels: { 'kubernetes.io/metadata.name': NS, env: 'production' },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
    // Every real cluster has `default`: events about cluster-scoped objects (nodes) are recorded there.
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'default',
        creationTimestamp: ago(now, 60 * DAY),
        labels: { 'kubernetes.io/metadata.name': 'default' },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
    node(now),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api-service',
        namespace: NS,
        uid: depUid,
        creationTimestamp: ago(now, 30 * DAY),
        generation: 4,
        labels: { app: 'api-service' },
        annotations: { 'deployment.kubernetes.io/revision': '4' },
      },
      spec: {
        replicas: 3,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        selector: { matchLabels: { app: 'api-service' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        template: { ...template, metadata: { labels: { app: 'api-service', tier: 'backend' } } },
      },
    },
    replicaSet(now, rsPrevious.name, '6d8c5b', 'api:1.4.1', 3, 0, depUid, rsPrevious.uid, 10 * DAY),
    replicaSet(now, rsCurrent.name, '7b4f9d', 'api:1.4.2', 4, 3, depUid, rsCurrent.uid, 2 * DAY),
    ...pods.map((p) => runningPod(now, p.name, rsCurrent.name, rsCurrent.uid, p.uid, p.ip, p.restarts)),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'api-service',
        namespace: NS,
        creationTimestamp: ago(now, 30 * DAY),
        labels: { app: 'api-service' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.120.15',
        clusterIPs: ['10.96.120.15'],
        selector: { app: 'api-service' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
        sessionAffinity: 'None',
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'api-service-config',
        namespace: NS,
        creationTimestamp: ago(now, 30 * DAY),
        labels: { app: 'api-service' },
      },
      data: { CACHE_SIZE_MB: '384', WORKER_THREADS: '8' },
    },
    workload('StatefulSet', 'postgres', 'postgres:16.3', now, {
      replicas: 1,
      serviceName: 'postgres',
      podManagementPolicy: 'OrderedReady',
    }),
    workload('DaemonSet', 'log-agent', 'fluent-bit:3.0.4', now, {}),
    job(now),
    event(
      now,
      crashing,
      'Normal',
      'Pulled',
      'Container image "api:1.4.2" already present on machine',
      8,
      2 * DAY,
      12 * 60,
    ),
    event(now, crashing, 'Normal', 'Created', 'Created container: api', 8, 2 * DAY, 12 * 60),
    event(now, crashing, 'Normal', 'Started', 'Started container api', 8, 2 * DAY, 12 * 60),
    event(
      now,
      crashing,
      'Warning',
      'BackOff',
      `Back-off restarting failed container api in pod ${crashing.name}_${NS}(${crashing.uid})`,
      23,
      5 * 3600,
      12 * 60 + 2,
    ),
  ]);
  const boot = [
    '{"level":"info","msg":"starting api-service","version":"1.4.2"}',
    '{"level":"info","msg":"connected to postgres","host":"postgres-0.postgres"}',
    '{"level":"info","msg":"listening","addr":":8080"}',
  ];
  double.setPodLog(
    NS,
    crashing.name,
    apiLog(
      now,
      [
        ...boot,
        '{"level":"info","msg":"GET /healthz 200","ms":1}',
        '{"level":"warn","msg":"cache size above soft limit","cache_mb":402,"limit_mb":384}',
      ],
      60,
    ),
  );
  double.setPodLog(
    NS,
    crashing.name,
    apiLog(
      now,
      [
        ...boot,
        '{"level":"warn","msg":"cache size above soft limit","cache_mb":455,"limit_mb":384}',
        '{"level":"warn","msg":"heap usage high","heap_mb":497,"limit_mb":512}',
        '{"level":"error","msg":"allocation failed while building report","size_mb":64}',
      ],
      12 * 60 + 5,
    ),
    { previous: true },
  );
  for (const p of pods.slice(1))
    double.setPodLog(
      NS,
      p.name,
      apiLog(now, [...boot, '{"level":"info","msg":"GET /healthz 200","ms":1}'], 30),
    );
  return {
    namespace: NS,
    deployment: 'api-service',
    pod: crashing.name,
    pods: pods.map((p) => p.name),
    node: 'node-1',
    replicaSets: { current: rsCurrent.name, previous: rsPrevious.name },
  };
}
