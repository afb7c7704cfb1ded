/** Hand-built client-node objects for the format tests: plain objects with Date timestamps, as client-node 2.x returns. */
export const now = new Date('2026-03-01T12:00:00Z');

export function ago(seconds: number): Date {
  return new Date(now.getTime() - seconds * 1000);
}

type ContainerState = Record<string, unknown>;

export function containerStatus(name: string, state: ContainerState, extra: Record<string, unknown> = {}) {
  return {
    name,
    image: `registry.example.com/${name}:1.4.2`,
    imageID: '',
    ready: false,
    restartCount: 0,
    state,
    ...extra,
  };
}

export function pod(
  name: string,
  statuses: readonly object[],
  extra: { phase?: string; deleting?: boolean; age?: number } = {},
) {
  return {
    metadata: {
      name,
      namespace: 'shop',
      creationTimestamp: ago(extra.age ?? 3 * 86400),
      ...(extra.deleting === true
        ? { deletionTimestamp: new Date(now.getTime() + 30_000), deletionGracePeriodSeconds: 30 }
        : {}),
    },
    spec: { nodeName: 'node-1', containers: statuses.map((_, i) => ({ name: `c${i}` })) },
    status: {
      phase: extra.phase ?? 'Running',
      podIP: '10.244.1.17',
      podIPs: [{ ip: '10.244.1.17' }],
      containerStatuses: statuses,
    },
  };
}

export const running = { running: { startedAt: ago(3 * 86400) } };

/** The pod an operator is called about: OOMKilled 12 minutes ago, now backing off. */
export const crashingPod = pod('api-7b4f9d-x2k4q', [
  containerStatus(
    'api',
    { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
    {
      restartCount: 7,
      lastState: {
        terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: ago(800), finishedAt: ago(720) },
      },
    },
  ),
]);

export const healthyPod = pod('web-5d8c7-abcde', [
  containerStatus('web', running, { ready: true }),
  containerStatus('proxy', running, { ready: true }),
]);

export const terminatingPod = pod('api-7b4f9d-old01', [containerStatus('api', running, { ready: true })], {
  deleting: true,
});

export const completedPod = pod(
  'migrate-29kx7',
  [containerStatus('migrate', { terminated: { exitCode: 0, reason: 'Completed', finishedAt: ago(600) } })],
  {
    phase: 'Succeeded',
    age: 900,
  },
);

export const deployment = {
  metadata: {
    name: 'api',
    namespace: 'shop',
    uid: 'dep-uid',
    creationTimestamp: ago(30 * 86400),
    labels: { app: 'api' },
    annotations: {
      'deployment.kubernetes.io/revision': '4',
      'kubectl.kubernetes.io/last-applied-configuration': '{"big":"blob"}',
    },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'api' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'registry.example.com/api:1.4.2',
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
          },
        ],
      },
    },
  },
  status: {
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
};

export function replicaSet(name: string, revision: string, replicas: number) {
  return {
    metadata: {
      name,
      namespace: 'shop',
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'dep-uid', controller: true },
      ],
    },
    spec: { replicas },
    status: { replicas },
  };
}

export function node(
  name: string,
  extra: { ready?: boolean; unschedulable?: boolean; labels?: Record<string, string> } = {},
) {
  return {
    metadata: {
      name,
      creationTimestamp: ago(90 * 86400),
      labels: { 'kubernetes.io/hostname': name, ...extra.labels },
    },
    spec:
      extra.unschedulable === true
        ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }
        : {},
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: ago(30),
          lastTransitionTime: ago(86400),
        },
        {
          type: 'Ready',
          status: extra.ready === false ? 'Unknown' : 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: ago(30),
          lastTransitionTime: ago(86400),
        },
      ],
      addresses: [
        { type: 'InternalIP', address: '10.0.1.5' },
        { type: 'Hostname', address: name },
      ],
      capacity: { cpu: '4', memory: '16393280Ki', pods: '110' },
      allocatable: { cpu: '3920m', memory: '15242304Ki', pods: '110' },
      nodeInfo: {
        machineID: 'm',
        systemUUID: 's',
        bootID: 'b',
        kernelVersion: '6.8.0-1015-aws',
        osImage: 'Ubuntu 24.04.1 LTS',
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: 'v1.32.1',
        kubeProxyVersion: '',
      },
    },
  };
}

export function event(reason: string, message: string, extra: Record<string, unknown> = {}) {
  return {
    metadata: { name: `api-7b4f9d-x2k4q.${reason.toLowerCase()}`, namespace: 'shop' },
    involvedObject: { kind: 'Pod', name: 'api-7b4f9d-x2k4q', namespace: 'shop' },
    type: 'Warning',
    reason,
    message,
    count: 1,
    firstTimestamp: ago(120),
    lastTimestamp: ago(120),
    source: { component: 'kubelet', host: 'node-1' },
    ...extra,
  };
}
