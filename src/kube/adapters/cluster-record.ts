import { randomBytes } from 'node:crypto';
import { V1MicroTime, type EventsV1Event, type V1ObjectReference } from '@kubernetes/client-node';
import type { CommandResult } from '../../approvals/model.ts';
import type { ExecutingApproval } from '../../approvals/ports.ts';
import { displayPerson, personOfDecision } from '../../approvals/policy.ts';
import type { Cluster } from '../api/cluster.ts';
import { typeMetaOf } from '../command/kinds.ts';
import type { Expectation, MutatingOperation } from './mutations/types.ts';
import { requestOptions } from '../api/request-options.ts';
import { callApi, type KubeFailure } from '../api/errors.ts';

// The cluster's own record of what kubegate did: an events.k8s.io/v1 Event on each object a command changed,
// so `kubectl describe` and `kubectl get events` show which approval, approved by whom and where, changed it.
// @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/

export const REPORTING_CONTROLLER = 'kubegate';
export const REASON_APPROVED = 'KubegateApproved';
export const REASON_FAILED = 'KubegateFailed';

// The API server's limits (k8s.io/kubernetes pkg/apis/core/validation/events.go).
const NOTE_LIMIT = 1024;
const INSTANCE_LIMIT = 128;
// Cluster-scoped objects (nodes) have their events in `default`, as the kubelet records them.
const CLUSTER_SCOPED_EVENT_NAMESPACE = 'default';

export type EventRecorderDeps = {
  readonly cluster: Cluster;
  /** This replica's name (the pod name inside a cluster, the hostname elsewhere). */
  readonly reportingInstance: string;
  /** Told when an event could not be recorded; the command's own outcome stands either way. */
  readonly onError: (failure: KubeFailure, target: V1ObjectReference) => void;
  readonly clock?: () => Date;
};

export type CommandEvent = {
  readonly approval: ExecutingApproval;
  readonly op: MutatingOperation;
  readonly expect: Expectation;
  readonly result: CommandResult;
  readonly signal?: AbortSignal;
};

/** Records one Event per object the command acted on; never throws (a missing record must not fail a change). */
export type EventRecorder = (event: CommandEvent) => Promise<void>;

export function createEventRecorder(deps: EventRecorderDeps): EventRecorder {
  const now = deps.clock ?? (() => new Date());
  const instance = deps.reportingInstance.slice(0, INSTANCE_LIMIT) || REPORTING_CONTROLLER;
  return async ({ approval, op, expect, result, signal }) => {
    for (const target of targetsOf(op, expect)) {
      const body = eventFor(approval, op, result, target, instance, now());
      const options = requestOptions(signal ? { signal } : {});
      const created = await callApi(() =>
        deps.cluster.events.createNamespacedEvent(
          { namespace: body.metadata?.namespace ?? CLUSTER_SCOPED_EVENT_NAMESPACE, body },
          options,
        ),
      );
      if (!created.ok) deps.onError(created.error, target);
    }
  };
}

/** The objects a mutating command acts on, with the uids the approval recorded (a selector delete: each match). */
export function targetsOf(op: MutatingOperation, expect: Expectation): V1ObjectReference[] {
  const uid = typeof expect.uid === 'string' ? { uid: expect.uid } : {};
  switch (op.verb) {
    case 'cordon':
    case 'uncordon':
      return [{ apiVersion: 'v1', kind: 'Node', name: op.node, ...uid }];
    case 'scale':
    case 'rollout':
      return [{ ...typeMetaOf(op.kind), name: op.name, namespace: op.namespace, ...uid }];
    case 'delete':
      if ('name' in op) return [{ ...typeMetaOf(op.kind), name: op.name, namespace: op.namespace, ...uid }];
      return Object.entries(expect)
        .filter(([key]) => key.startsWith('uid:'))
        .map(([key, value]) => ({
          ...typeMetaOf(op.kind),
          name: key.slice(4),
          namespace: op.namespace,
          uid: String(value),
        }));
  }
}

/** `Scale`, `RolloutRestart`, `Delete`, …: what kubegate did, in the Event's `action`. */
export function actionOf(op: MutatingOperation): string {
  if (op.verb === 'rollout') return op.action === 'restart' ? 'RolloutRestart' : 'RolloutUndo';
  return op.verb.charAt(0).toUpperCase() + op.verb.slice(1);
}

/** "approval 01J… approved by alice, bob via slack: kubectl scale …; deployment.apps/api scaled". */
export function noteFor(approval: ExecutingApproval, result: CommandResult, canonical: string): string {
  const approving = approval.decisions.filter((d) => d.decision === 'approve');
  const people = [...new Set(approving.map((d) => displayPerson(personOfDecision(d))))];
  const surfaces = [...new Set(approving.map((d) => d.via))];
  const who = people.length > 0 ? `approved by ${people.join(', ')} via ${surfaces.join(', ')}` : 'approved';
  const outcome =
    result.status === 'succeeded' ? (result.output ?? 'done') : `failed: ${result.error ?? 'unknown error'}`;
  const note = `approval ${approval.id} ${who}: ${canonical}; ${outcome}`.replace(/\s+/g, ' ');
  return note.length <= NOTE_LIMIT ? note : `${note.slice(0, NOTE_LIMIT - 1)}…`;
}

function eventFor(
  approval: ExecutingApproval,
  op: MutatingOperation,
  result: CommandResult,
  target: V1ObjectReference,
  instance: string,
  at: Date,
): EventsV1Event {
  const canonical =
    approval.proposal.commands.find((c) => c.command === result.command)?.canonical ?? result.command;
  const succeeded = result.status === 'succeeded';
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    // client-go's recorder names events `<object>.<unix nanoseconds in hex>`; milliseconds plus a random tail here.
    metadata: {
      name: `${target.name ?? 'object'}.${at.getTime().toString(16)}${randomBytes(3).toString('hex')}`,
      namespace: target.namespace ?? CLUSTER_SCOPED_EVENT_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': REPORTING_CONTROLLER },
      annotations: { 'kubegate.io/approval': approval.id },
    },
    // MicroTime: six fractional digits; toISOString's three are refused with 400 by a real API server.
    eventTime: new V1MicroTime(at.getTime()),
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: instance,
    action: actionOf(op),
    reason: succeeded ? REASON_APPROVED : REASON_FAILED,
    type: succeeded ? 'Normal' : 'Warning',
    regarding: target,
    note: noteFor(approval, result, canonical),
  };
}
