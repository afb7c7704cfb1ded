import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { podTemplateLines } from './describe-pod.ts';
import { annotationLines, clean, type Lines, mapLines, rfc1123z } from './describe-sections.ts';
import { formatSelector } from './labels.ts';

const REVISION = 'deployment.kubernetes.io/revision';

/**
 * `kubectl describe deployment` down to Events. OldReplicaSets/NewReplicaSet appear only when the caller
 * passes the namespace's replica sets, since finding them takes a second read.
 */
export function describeDeployment(d: V1Deployment, replicaSets: readonly V1ReplicaSet[] | undefined): Lines {
  const { metadata: meta, spec, status } = d;
  const rolling = spec?.strategy?.rollingUpdate;
  const replicas = [
    `${spec?.replicas ?? 1} desired`,
    `${status?.updatedReplicas ?? 0} updated`,
    `${status?.replicas ?? 0} total`,
    `${status?.availableReplicas ?? 0} available`,
    `${status?.unavailableReplicas ?? 0} unavailable`,
  ];
  return [
    `Name:\t${clean(meta?.name)}`,
    `Namespace:\t${clean(meta?.namespace)}`,
    `CreationTimestamp:\t${rfc1123z(meta?.creationTimestamp)}`,
    ...mapLines('Labels', meta?.labels),
    ...annotationLines(meta?.annotations),
    `Selector:\t${clean(formatSelector(spec?.selector))}`,
    `Replicas:\t${replicas.join(' | ')}`,
    `StrategyType:\t${clean(spec?.strategy?.type)}`,
    `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}`,
    ...(rolling === undefined
      ? []
      : [
          `RollingUpdateStrategy:\t${clean(rolling.maxUnavailable)} max unavailable, ${clean(rolling.maxSurge)} max surge`,
        ]),
    ...podTemplateLines(spec?.template),
    ...conditionLines(d),
    ...(replicaSets === undefined ? [] : replicaSetLines(d, replicaSets)),
  ];
}

function conditionLines(d: V1Deployment): Lines {
  const conditions = d.status?.conditions ?? [];
  if (conditions.length === 0) return [];
  return [
    'Conditions:',
    '  Type\tStatus\tReason',
    '  ----\t------\t------',
    ...conditions.map((c) => `  ${clean(c.type)} \t${clean(c.status)}\t${clean(c.reason)}`),
  ];
}

/**
 * The new replica set is the owned one at the deployment's revision; old ones are the others still asked for
 * pods, which is what kubectl lists (`FindOldReplicaSets` without the scaled-down history).
 */
function replicaSetLines(d: V1Deployment, replicaSets: readonly V1ReplicaSet[]): Lines {
  const owned = replicaSets.filter(
    (rs) => rs.metadata?.ownerReferences?.some((ref) => ownedBy(ref, d)) ?? false,
  );
  const revision = d.metadata?.annotations?.[REVISION];
  const isNew = (rs: V1ReplicaSet): boolean =>
    revision !== undefined && rs.metadata?.annotations?.[REVISION] === revision;
  const newSets = owned.filter(isNew);
  const oldSets = owned.filter((rs) => !isNew(rs) && (rs.spec?.replicas ?? 0) !== 0);
  return [`OldReplicaSets:\t${summarize(oldSets)}`, `NewReplicaSet:\t${summarize(newSets)}`];
}

function ownedBy(
  ref: { kind: string; name: string; uid: string; controller?: boolean },
  d: V1Deployment,
): boolean {
  if (ref.controller !== true || ref.kind !== 'Deployment') return false;
  const uid = d.metadata?.uid;
  return uid === undefined ? ref.name === d.metadata?.name : ref.uid === uid;
}

function summarize(sets: readonly V1ReplicaSet[]): string {
  if (sets.length === 0) return '<none>';
  return sets
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`,
    )
    .join(', ');
}
