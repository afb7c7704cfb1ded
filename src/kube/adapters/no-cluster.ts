import type { CommandReader, Executor, Planner } from '../../approvals/ports.ts';
import { err } from '../../approvals/result.ts';
import { failedBeforeStart } from '../../approvals/model.ts';
import { defaultNamespaceOf, parseAll } from './planner.ts';

/**
 * Without a cluster kubegate still starts (decisions on existing approvals, history, health), but refuses what
 * needs one with the reason, and an approval can never pretend to have run.
 */
export function noCluster(reason: string): { planner: Planner; reader: CommandReader; executor: Executor } {
  const refusal = `no Kubernetes cluster is configured (${reason}); set KUBECONFIG or run kubegate in a pod`;
  return {
    // A command kubegate would never run is refused for what it is, cluster or not.
    planner: {
      plan: (input) => {
        const parsed = parseAll(input.commands, defaultNamespaceOf(input.metadata));
        return Promise.resolve(parsed.ok ? err({ code: 'unavailable', reason: refusal }) : parsed);
      },
    },
    reader: {
      runIfRead: (command, namespace) => {
        const parsed = parseAll([{ command }], namespace);
        return Promise.resolve(parsed.ok ? err({ code: 'unavailable', reason: refusal }) : parsed);
      },
    },
    executor: {
      execute: (approval) =>
        Promise.resolve(
          failedBeforeStart(
            approval.proposal.commands,
            `no executor configured: ${refusal}`,
            new Date().toISOString(),
          ),
        ),
    },
  };
}
