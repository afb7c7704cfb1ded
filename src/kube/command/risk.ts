import { assertNever } from '../../approvals/result.ts';
import type { DeleteOperation, KubeOperation, RolloutOperation, ScaleOperation } from './model.ts';
import { isMutating } from './classify.ts';

import { highest, type Risk, type SafetyLevel as AgentSafety } from '../../approvals/model.ts';

export type { Risk, AgentSafety };
export type RiskAssessment = { risk: Risk; reasons: string[] };
export type RiskOptions = { protectedNamespaces: readonly string[] };

/**
 * What the live cluster said at proposal time, when it was asked: the controller that would recreate a deleted
 * object (null: none), and a scaled workload's current replica count. Without them kubegate assumes the worse case.
 */
export type RiskFacts = { readonly recreatedBy?: string | null; readonly currentReplicas?: number };

type Finding = { risk: Risk; reason: string };

const FROM_AGENT: Readonly<Record<AgentSafety, Risk>> = {
  SAFE: 'read',
  CAUTION: 'change',
  DANGEROUS: 'dangerous',
};

/**
 * kubegate's own risk for an operation, raised to the agent's rating when that is higher: an agent can make a
 * command look more dangerous, never less.
 */
export function assessRisk(
  op: KubeOperation,
  agentSafety: AgentSafety,
  opts: RiskOptions,
  facts: RiskFacts = {},
): RiskAssessment {
  const findings = [...assessVerb(op, facts), ...assessNamespace(op, opts)];
  const own = highest(findings.map((f) => f.risk));
  const agent = FROM_AGENT[agentSafety];
  const reasons = findings.map((f) => f.reason);
  if (highest([own, agent]) !== own) reasons.push(`the agent rated it ${agentSafety}`);
  return { risk: highest([own, agent]), reasons };
}

function assessVerb(op: KubeOperation, facts: RiskFacts): Finding[] {
  switch (op.verb) {
    case 'get':
    case 'describe':
    case 'logs':
      return [{ risk: 'read', reason: 'only reads' }];
    case 'delete':
      return assessDelete(op, facts);
    case 'scale':
      return [assessScale(op, facts.currentReplicas ?? op.currentReplicas)];
    case 'rollout':
      return [assessRollout(op)];
    case 'cordon':
      return [{ risk: 'dangerous', reason: `cordons node ${op.node}: no new pods are scheduled on it` }];
    case 'uncordon':
      return [{ risk: 'change', reason: `uncordons node ${op.node}` }];
    default:
      return assertNever(op);
  }
}

/**
 * Deleting something no controller recreates is permanent: only a pod whose controller was seen at proposal time
 * (ReplicaSet, StatefulSet, DaemonSet, Job) comes back. A job is never recreated by anything (a CronJob only starts
 * the next one), and a workload or a service takes everything behind it away.
 */
function assessDelete(op: DeleteOperation, facts: RiskFacts): Finding[] {
  const owner = op.kind === 'pod' && 'name' in op ? facts.recreatedBy : undefined;
  const findings: Finding[] = [
    typeof owner === 'string'
      ? { risk: 'change', reason: `deletes a pod that ${owner} recreates` }
      : {
          risk: 'dangerous',
          reason:
            op.kind === 'pod' || op.kind === 'job'
              ? `deletes a ${op.kind} that nothing recreates`
              : `deletes a ${op.kind}`,
        },
  ];
  if ('labelSelector' in op) {
    findings.push({ risk: 'dangerous', reason: `deletes every ${op.kind} matching ${op.labelSelector}` });
  }
  return findings;
}

/** Scaling to zero, or down to half the replicas or fewer, takes most of the capacity away at once. */
function assessScale(op: ScaleOperation, current: number | undefined): Finding {
  const target = `${op.kind} ${op.name}`;
  if (op.replicas === 0) return { risk: 'dangerous', reason: `scales ${target} to 0 replicas` };
  if (current === undefined)
    return {
      risk: 'dangerous',
      reason: `scales ${target} to ${op.replicas} replicas from a count kubegate could not read`,
    };
  if (op.replicas < current && op.replicas * 2 <= current) {
    return {
      risk: 'dangerous',
      reason: `scales ${target} down by half or more, from ${current} to ${op.replicas} replicas`,
    };
  }
  return { risk: 'change', reason: `scales ${target} from ${current} to ${op.replicas} replicas` };
}

function assessRollout(op: RolloutOperation): Finding {
  const target = `${op.kind} ${op.name}`;
  switch (op.action) {
    case 'restart':
      return { risk: 'change', reason: `restarts every pod of ${target}` };
    case 'undo':
      return {
        risk: 'change',
        reason: `rolls ${target} back to ${op.toRevision === undefined ? 'the previous revision' : `revision ${op.toRevision}`}`,
      };
    case 'status':
    case 'history':
      return { risk: 'read', reason: 'only reads' };
    default:
      return assertNever(op);
  }
}

function assessNamespace(op: KubeOperation, { protectedNamespaces }: RiskOptions): Finding[] {
  if (!isMutating(op) || !('namespace' in op) || op.namespace === null) return [];
  return protectedNamespaces.includes(op.namespace)
    ? [{ risk: 'dangerous', reason: `targets protected namespace ${op.namespace}` }]
    : [];
}
