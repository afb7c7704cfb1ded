import { ANYONE } from '../approvals/policy.ts';
import type { ApprovalWithQuorum } from '../approvals/quorum.ts';

const USER = /^slack:([UW][A-Z0-9]{2,})$/;
const GROUP = /^slack-group:(S[A-Z0-9]{2,})$/;
// A proposal names a handful of approvers; a policy that lists dozens must not turn a message into a wall of pings.
const MAX_MENTIONS = 8;

/**
 * Whom to ping for an approval: the Slack user groups and people (by their `slack:` identities) the approval's
 * matched rules name. `*`, `api:` and `email:` approvers have nobody Slack can notify. People who already
 * approved are left out, so a 1-of-2 ping reaches the ones still needed. Every id is checked against Slack's
 * shape before it becomes markup: a policy typo cannot ping a channel.
 */
export function approverMentions(a: ApprovalWithQuorum): string[] {
  const mentions: string[] = [];
  const add = (m: string) => {
    if (!mentions.includes(m)) mentions.push(m);
  };
  for (const { approver, identities, approved } of a.quorum.approvers) {
    if (approver === ANYONE) continue;
    const group = GROUP.exec(approver);
    if (group) add(`<!subteam^${group[1]}>`);
    if (approved) continue;
    for (const identity of identities) {
      const user = USER.exec(identity);
      if (user) add(`<@${user[1]}>`);
    }
  }
  return mentions.slice(0, MAX_MENTIONS);
}
