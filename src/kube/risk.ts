import { assertNever } from '../approvals/result.ts';
import type { DeleteOperation, KubeOperation, RolloutOperation } from './model.ts';
import { isMutating } from './operation.ts';

import type { Risk, SafetyLevel as AgentSafety } from '../approvals/model.ts';

export type { Risk, AgentSafety };
export type RiskAssessment = { risk: Risk; reasons: string[] };
export type RiskOptions = { protectedNamespaces: readonly string[] };

type Finding = { risk: Risk; reason: string };

const RANK: Readonly<Record<Risk, number>> = { read: 0, change: 1, dangerous: 2 };
const FROM_AGENT: Readonly<Record<AgentSafety, Risk>> = {
  SAFE: 'read',
  CAUTION: 'change',
  DANGEROUS: 'dangerous',
};

/**
 * kubegate's own risk for an operation, raised to the agent's rating when that is higher: an agent can make a
 * command look more dangerous, never less.
 */
export function assessRisk(op: KubeOperation, agentSafety: AgentSafety, opts: RiskOptions): RiskAssessment {
  const findings = [...assessVerb(op), ...assessNamespace(op, opts)];
  const own = highest(findings.map((f) => f.risk));
  const agent = FROM_AGENT[agentSafety];
  const reasons = findings.map((f) => f.reason);
  if (RANK[agent] > RANK[own]) reasons.push(`the agent rated it ${agentSafety}`);
  return { risk: highest([own, agent]), reasons };
}

function highest(risks: readonly Risk[]): Risk {
  return risks.reduce<Risk>((a, b) => (RANK[b] > RANK[a] ? b : a), 'read');
}

function assessVerb(op: KubeOperation): Finding[] {
  switch (op.verb) {
    case 'get':
    case 'describe':
    case 'logs':
      return [{ risk: 'read', reason: 'only reads' }];
    case 'delete':
      return assessDelete(op);
    case 'scale':
      return op.replicas === 0
        ? [{ risk: 'dangerous', reason: `scales ${op.kind} ${op.name} to 0 replicas` }]
        : [{ risk: 'change', reason: `scales ${op.kind} ${op.name} to ${op.replicas} replicas` }];
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

function assessDelete(op: DeleteOperation): Finding[] {
  // A pod or a job is usually recreated or rerun by its controller; anything else takes a workload or an endpoint away.
  const recoverable = op.kind === 'pod' || op.kind === 'job';
  const findings: Finding[] = [
    { risk: recoverable ? 'change' : 'dangerous', reason: `deletes a ${op.kind}` },
  ];
  if ('labelSelector' in op) {
    findings.push({ risk: 'dangerous', reason: `deletes every ${op.kind} matching ${op.labelSelector}` });
  }
  return findings;
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
