import type { Risk, SafetyLevel } from '../../src/approvals/model.ts';
import type { CommandReader, Planner } from '../../src/approvals/ports.ts';
import { ok } from '../../src/approvals/result.ts';

const RISK_OF: Record<SafetyLevel, Risk> = { SAFE: 'read', CAUTION: 'change', DANGEROUS: 'dangerous' };

/**
 * A Planner port double for tests of the approval core alone: it takes the agent's safety level as the risk
 * and checks nothing against a cluster (the Kubernetes planner is tested against the API-server double).
 */
export const agentTrustingPlanner: Planner = {
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

/** Treats every command as a change, so execute_kubectl always proposes. */
export const proposingReader: CommandReader = { runIfRead: () => Promise.resolve(ok('mutating')) };
