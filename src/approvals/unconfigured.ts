import type { Risk, SafetyLevel } from './model.ts';
import type { Executor, Planner } from './ports.ts';
import { ok } from './result.ts';

const RISK_OF: Record<SafetyLevel, Risk> = { SAFE: 'read', CAUTION: 'change', DANGEROUS: 'dangerous' };

/** Without a cluster kubegate cannot judge commands itself, so it takes the agent's word for their risk. */
export const agentAssessedPlanner: Planner = {
  plan: (input) =>
    Promise.resolve(
      ok({
        commands: input.commands.map((c) => ({
          command: c.command,
          explanation: c.explanation,
          safetyLevel: c.safety_level,
          risk: RISK_OF[c.safety_level],
          riskReasons: [`the agent rated it ${c.safety_level}`],
        })),
      }),
    ),
};

/** Never pretends to succeed: an approval without an executor ends `failed`, saying why. */
export const unconfiguredExecutor: Executor = {
  execute: (approval) => {
    const at = new Date().toISOString();
    return Promise.resolve(
      approval.proposal.commands.map((c, i) =>
        i === 0
          ? { command: c.command, status: 'failed' as const, error: 'no executor configured: kubegate has no Kubernetes cluster to run this on', startedAt: at, finishedAt: at }
          : { command: c.command, status: 'skipped' as const },
      ),
    );
  },
};
