import {
  RISKS,
  SAFETY_LEVELS,
  type PendingApproval,
  type PlannedCommand,
  type Risk,
  type SafetyLevel,
} from './model.ts';

const riskRank = (r: Risk): number => RISKS.indexOf(r);
const safetyRank = (s: SafetyLevel): number => SAFETY_LEVELS.indexOf(s);

/**
 * A repeat of a pending proposal (the same operations: an alert storm) joins it rather than making a second one.
 * If the repeat rates a command higher (the agent now says DANGEROUS, or the live cluster changed so a deleted pod
 * would no longer come back), the higher rating stands, and so does the quorum it needs: otherwise a hostile agent
 * could propose mildly first and have its alarming repeat collapse into the mild pending proposal. A rating never
 * goes down. Returns undefined when nothing rises.
 */
export function raiseForRepeat(
  a: PendingApproval,
  repeat: readonly PlannedCommand[],
  at: string,
): PendingApproval | undefined {
  const commands = a.proposal.commands.map((c, i) => {
    const r = repeat[i];
    if (!r || riskRank(r.risk) <= riskRank(c.risk)) return c;
    const fresh = r.riskReasons.filter((reason) => !c.riskReasons.includes(reason));
    return {
      ...c,
      risk: r.risk,
      safetyLevel: safetyRank(r.safetyLevel) > safetyRank(c.safetyLevel) ? r.safetyLevel : c.safetyLevel,
      riskReasons: [
        ...c.riskReasons,
        `raised to ${r.risk} by a repeat of this proposal${fresh.length ? `: ${fresh.join('; ')}` : ''}`,
      ],
    };
  });
  if (commands.every((c, i) => c === a.proposal.commands[i])) return undefined;
  return { ...a, version: a.version + 1, proposal: { ...a.proposal, commands, riskRaisedAt: at } };
}
