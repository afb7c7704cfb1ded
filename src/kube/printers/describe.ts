import type { CoreV1Event } from '@kubernetes/client-node';
import type { DescribeKind } from '../command/model.ts';
import { alignTabs, DESCRIBE_STOPS } from './align.ts';
import { describeNode, describeService } from './describe-cluster.ts';
import { describeDeployment } from './describe-deployment.ts';
import { describePod } from './describe-pod.ts';
import { eventLines, type Lines } from './describe-sections.ts';

/** Reads beyond the object itself that some descriptions use; each is optional and its lines are skipped without it. */
export type DescribeRelated = {
  /** The deployment's namespace's replica sets, for OldReplicaSets/NewReplicaSet. */
  replicaSets?: readonly object[];
};

/**
 * What `kubectl describe` prints for one object and the events about it, without a trailing newline.
 * It aims to read like kubectl rather than match it byte for byte: times are UTC and sections that need
 * further reads (volumes, endpoints, a node's pods) are left out.
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
export function renderDescribe(
  kind: DescribeKind,
  obj: object,
  events: readonly object[],
  now: Date,
  related: DescribeRelated = {},
): string {
  // The executor passes what the typed client-node read for this kind returned: see definePrinter.
  const lines = [
    ...describeBody(kind, obj, now, related),
    ...eventLines(events as readonly CoreV1Event[], now),
  ];
  return alignTabs(lines.join('\n'), DESCRIBE_STOPS)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

function describeBody(kind: DescribeKind, obj: object, now: Date, related: DescribeRelated): Lines {
  switch (kind) {
    case 'pod':
      return describePod(obj, now);
    case 'deployment':
      return describeDeployment(obj, related.replicaSets);
    case 'node':
      return describeNode(obj);
    case 'service':
      return describeService(obj);
  }
}
