import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import type { RolloutKind } from '../command/model.ts';

export type RolloutStatus = { readonly done: boolean; readonly message: string };

/** kubectl rollout status's verdict at this moment (kubegate does not watch: an agent asks again). */
export function rolloutStatus(
  kind: RolloutKind,
  name: string,
  w: V1Deployment | V1StatefulSet | V1DaemonSet,
): RolloutStatus {
  const generation = w.metadata?.generation ?? 0;
  const observed = w.status?.observedGeneration ?? 0;
  const qualified = `${kind} "${name}"`;
  if (observed < generation)
    return { done: false, message: `Waiting for ${kind} spec update to be observed...` };
  switch (kind) {
    case 'deployment': {
      const d: V1Deployment = w;
      const want = d.spec?.replicas ?? 1;
      const updated = d.status?.updatedReplicas ?? 0;
      const total = d.status?.replicas ?? 0;
      const available = d.status?.availableReplicas ?? 0;
      if (updated < want)
        return waiting(qualified, `${updated} out of ${want} new replicas have been updated...`);
      if (total > updated)
        return waiting(qualified, `${total - updated} old replicas are pending termination...`);
      if (available < updated)
        return waiting(qualified, `${available} of ${updated} updated replicas are available...`);
      return { done: true, message: `${qualified} successfully rolled out` };
    }
    case 'statefulset': {
      const s = w as V1StatefulSet;
      const want = s.spec?.replicas ?? 1;
      const ready = s.status?.readyReplicas ?? 0;
      if (ready < want) return waiting(qualified, `${want - ready} pods are not ready...`);
      if (s.status?.updateRevision !== s.status?.currentRevision) {
        return waiting(
          qualified,
          `${s.status?.updatedReplicas ?? 0} out of ${want} new pods have been updated...`,
        );
      }
      return {
        done: true,
        message: `statefulset rolling update complete ${ready} pods at revision ${s.status?.currentRevision ?? '?'}...`,
      };
    }
    case 'daemonset': {
      const d = w as V1DaemonSet;
      const want = d.status?.desiredNumberScheduled ?? 0;
      const updated = d.status?.updatedNumberScheduled ?? 0;
      const available = d.status?.numberAvailable ?? 0;
      if (updated < want)
        return waiting(qualified, `${updated} out of ${want} new pods have been updated...`);
      if (available < want)
        return waiting(qualified, `${available} of ${want} updated pods are available...`);
      return { done: true, message: `daemon set "${name}" successfully rolled out` };
    }
  }
}

const waiting = (qualified: string, detail: string): RolloutStatus => ({
  done: false,
  message: `Waiting for ${qualified} rollout to finish: ${detail}`,
});
