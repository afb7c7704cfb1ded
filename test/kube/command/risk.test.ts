import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeOperation } from '../../../src/kube/command/parse.ts';
import {
  type AgentSafety,
  assessRisk,
  type Risk,
  type RiskAssessment,
  type RiskFacts,
} from '../../../src/kube/command/risk.ts';

const opts = { protectedNamespaces: ['kube-system', 'production'] };

const getPods: KubeOperation = { verb: 'get', kind: 'pod', namespace: 'staging', output: 'table' };
const deletePod: KubeOperation = { verb: 'delete', kind: 'pod', namespace: 'staging', name: 'api-7b4f9d' };
const restart: KubeOperation = {
  verb: 'rollout',
  action: 'restart',
  kind: 'deployment',
  namespace: 'staging',
  name: 'api',
};

const byReplicaSet: RiskFacts = { recreatedBy: 'ReplicaSet api-7b4f9d' };

const cases: readonly (readonly [string, KubeOperation, AgentSafety, RiskAssessment, RiskFacts?])[] = [
  ['rates a get as a read', getPods, 'SAFE', { risk: 'read', reasons: ['only reads'] }],
  [
    'rates a describe as a read',
    { verb: 'describe', kind: 'node', namespace: null, name: 'node-1' },
    'SAFE',
    { risk: 'read', reasons: ['only reads'] },
  ],
  [
    'rates logs as a read',
    { verb: 'logs', namespace: 'staging', pod: 'api', previous: false },
    'SAFE',
    { risk: 'read', reasons: ['only reads'] },
  ],
  [
    'rates rollout status as a read',
    { verb: 'rollout', action: 'status', kind: 'deployment', namespace: 'staging', name: 'api' },
    'SAFE',
    { risk: 'read', reasons: ['only reads'] },
  ],
  [
    'rates rollout history as a read',
    { verb: 'rollout', action: 'history', kind: 'statefulset', namespace: 'staging', name: 'db' },
    'SAFE',
    { risk: 'read', reasons: ['only reads'] },
  ],
  [
    'keeps a read in a protected namespace a read',
    { verb: 'get', kind: 'pod', namespace: 'kube-system', output: 'yaml' },
    'SAFE',
    { risk: 'read', reasons: ['only reads'] },
  ],
  [
    'raises a read to change when the agent says CAUTION',
    getPods,
    'CAUTION',
    { risk: 'change', reasons: ['only reads', 'the agent rated it CAUTION'] },
  ],
  [
    'raises a read to dangerous when the agent says DANGEROUS',
    getPods,
    'DANGEROUS',
    { risk: 'dangerous', reasons: ['only reads', 'the agent rated it DANGEROUS'] },
  ],
  [
    'rates deleting a pod its controller recreates as a change',
    deletePod,
    'SAFE',
    { risk: 'change', reasons: ['deletes a pod that ReplicaSet api-7b4f9d recreates'] },
    byReplicaSet,
  ],
  [
    'rates deleting a pod that nothing recreates as dangerous',
    deletePod,
    'SAFE',
    { risk: 'dangerous', reasons: ['deletes a pod that nothing recreates'] },
    { recreatedBy: null },
  ],
  [
    'rates deleting a pod as dangerous when nobody could tell what recreates it',
    deletePod,
    'SAFE',
    { risk: 'dangerous', reasons: ['deletes a pod that nothing recreates'] },
  ],
  [
    'rates deleting a job as dangerous: nothing recreates a job',
    { verb: 'delete', kind: 'job', namespace: 'staging', name: 'backup-1', gracePeriodSeconds: 1 },
    'SAFE',
    { risk: 'dangerous', reasons: ['deletes a job that nothing recreates'] },
    { recreatedBy: 'CronJob backup' },
  ],
  [
    'rates deleting a deployment as dangerous even when the agent says SAFE',
    { verb: 'delete', kind: 'deployment', namespace: 'staging', name: 'api' },
    'SAFE',
    { risk: 'dangerous', reasons: ['deletes a deployment'] },
  ],
  [
    'rates deleting a service as dangerous',
    { verb: 'delete', kind: 'service', namespace: 'staging', name: 'api' },
    'CAUTION',
    { risk: 'dangerous', reasons: ['deletes a service'] },
  ],
  [
    'rates deleting a statefulset as dangerous',
    { verb: 'delete', kind: 'statefulset', namespace: 'staging', name: 'db' },
    'SAFE',
    { risk: 'dangerous', reasons: ['deletes a statefulset'] },
  ],
  [
    'rates deleting a daemonset as dangerous',
    { verb: 'delete', kind: 'daemonset', namespace: 'staging', name: 'agent' },
    'SAFE',
    { risk: 'dangerous', reasons: ['deletes a daemonset'] },
  ],
  [
    'rates deleting by selector as dangerous',
    { verb: 'delete', kind: 'pod', namespace: 'staging', labelSelector: 'app=web' },
    'SAFE',
    {
      risk: 'dangerous',
      reasons: ['deletes a pod that nothing recreates', 'deletes every pod matching app=web'],
    },
  ],
  [
    'rates scaling to 0 as dangerous',
    { verb: 'scale', kind: 'deployment', namespace: 'staging', name: 'api', replicas: 0 },
    'CAUTION',
    { risk: 'dangerous', reasons: ['scales deployment api to 0 replicas'] },
  ],
  [
    'rates scaling up as a change',
    { verb: 'scale', kind: 'statefulset', namespace: 'staging', name: 'db', replicas: 3, currentReplicas: 2 },
    'SAFE',
    { risk: 'change', reasons: ['scales statefulset db from 2 to 3 replicas'] },
  ],
  [
    'rates scaling down by less than half as a change',
    { verb: 'scale', kind: 'deployment', namespace: 'staging', name: 'api', replicas: 2 },
    'SAFE',
    { risk: 'change', reasons: ['scales deployment api from 3 to 2 replicas'] },
    { currentReplicas: 3 },
  ],
  [
    'rates scaling 3 → 1 as dangerous: down by half or more',
    { verb: 'scale', kind: 'deployment', namespace: 'staging', name: 'api', replicas: 1 },
    'CAUTION',
    { risk: 'dangerous', reasons: ['scales deployment api down by half or more, from 3 to 1 replicas'] },
    { currentReplicas: 3 },
  ],
  [
    'rates scaling 4 → 2 as dangerous: exactly half',
    { verb: 'scale', kind: 'deployment', namespace: 'staging', name: 'api', replicas: 2 },
    'SAFE',
    { risk: 'dangerous', reasons: ['scales deployment api down by half or more, from 4 to 2 replicas'] },
    { currentReplicas: 4 },
  ],
  [
    'rates a scale from an unknown count as dangerous',
    { verb: 'scale', kind: 'deployment', namespace: 'staging', name: 'api', replicas: 2 },
    'SAFE',
    {
      risk: 'dangerous',
      reasons: ['scales deployment api to 2 replicas from a count kubegate could not read'],
    },
  ],
  [
    'rates a rollout restart as a change',
    restart,
    'SAFE',
    { risk: 'change', reasons: ['restarts every pod of deployment api'] },
  ],
  [
    'rates a rollout undo as a change',
    {
      verb: 'rollout',
      action: 'undo',
      kind: 'daemonset',
      namespace: 'staging',
      name: 'agent',
      toRevision: 4,
    },
    'SAFE',
    { risk: 'change', reasons: ['rolls daemonset agent back to revision 4'] },
  ],
  [
    'rates cordoning a node as dangerous',
    { verb: 'cordon', node: 'node-1' },
    'SAFE',
    { risk: 'dangerous', reasons: ['cordons node node-1: no new pods are scheduled on it'] },
  ],
  [
    'rates uncordoning a node as a change',
    { verb: 'uncordon', node: 'node-1' },
    'SAFE',
    { risk: 'change', reasons: ['uncordons node node-1'] },
  ],
  [
    'rates any mutation in a protected namespace as dangerous',
    { verb: 'delete', kind: 'pod', namespace: 'kube-system', name: 'coredns-1' },
    'SAFE',
    {
      risk: 'dangerous',
      reasons: [
        'deletes a pod that ReplicaSet api-7b4f9d recreates',
        'targets protected namespace kube-system',
      ],
    },
    byReplicaSet,
  ],
  [
    'rates a restart in a protected namespace as dangerous',
    { ...restart, namespace: 'production' },
    'CAUTION',
    {
      risk: 'dangerous',
      reasons: ['restarts every pod of deployment api', 'targets protected namespace production'],
    },
  ],
  [
    'adds no agent reason when the agent rates lower than kubegate',
    { verb: 'scale', kind: 'deployment', namespace: 'production', name: 'api', replicas: 0 },
    'SAFE',
    {
      risk: 'dangerous',
      reasons: ['scales deployment api to 0 replicas', 'targets protected namespace production'],
    },
  ],
];

for (const [name, op, agent, expected, facts] of cases) {
  test(name, () => {
    assert.deepEqual(assessRisk(op, agent, opts, facts), expected);
  });
}

const RANK: Readonly<Record<Risk, number>> = { read: 0, change: 1, dangerous: 2 };
const FROM_AGENT: Readonly<Record<AgentSafety, Risk>> = {
  SAFE: 'read',
  CAUTION: 'change',
  DANGEROUS: 'dangerous',
};

for (const agent of ['SAFE', 'CAUTION', 'DANGEROUS'] as const) {
  test(`never rates below the agent's ${agent} nor below its own rating`, () => {
    for (const [, op, , , facts] of cases) {
      const shown = assessRisk(op, agent, opts, facts).risk;
      const own = assessRisk(op, 'SAFE', opts, facts).risk;
      assert.ok(RANK[shown] >= RANK[FROM_AGENT[agent]]);
      assert.ok(RANK[shown] >= RANK[own]);
    }
  });
}

test('treats no namespace as protected when none is configured', () => {
  const op: KubeOperation = { verb: 'delete', kind: 'pod', namespace: 'kube-system', name: 'x' };
  assert.deepEqual(assessRisk(op, 'SAFE', { protectedNamespaces: [] }, byReplicaSet), {
    risk: 'change',
    reasons: ['deletes a pod that ReplicaSet api-7b4f9d recreates'],
  });
});
