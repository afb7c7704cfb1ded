import type { CommandReader, Executor, Planner } from '../approvals/ports.ts';
import { err } from '../approvals/result.ts';
import { failedBeforeStart } from '../approvals/model.ts';

/**
 * Without a cluster kubegate still starts (decisions on existing approvals, history, health), but refuses what
 * needs one with the reason, and an approval can never pretend to have run.
 */
export function noCluster(reason: string): { planner: Planner; reader: CommandReader; executor: Executor } {
  const refusal = `no Kubernetes cluster is configured (${reason}); set KUBECONFIG or run kubegate in a pod`;
  return {
    planner: { plan: () => Promise.resolve(err({ code: 'unavailable', reason: refusal })) },
    reader: { runIfRead: () => Promise.resolve(err({ code: 'unavailable', reason: refusal })) },
    executor: {
      execute: (approval) =>
        Promise.resolve(failedBeforeStart(approval.proposal.commands, `no executor configured: ${refusal}`, new Date().toISOString())),
    },
  };
}
