import type { WebClient } from '@slack/web-api';
import type { Actor } from '../approvals/model.ts';
import type { Policy } from '../approvals/policy.ts';

const GROUP_TTL_MS = 60_000;

/**
 * The Slack user as a kubegate actor, with the configured approver groups they belong to. Group members come
 * from usergroups.users.list, cached for a minute so a click is acknowledged well inside Slack's 3 seconds.
 */
export function createActorResolver(client: WebClient, policy: Policy) {
  const groups = policy.approvers.filter((p) => p.startsWith('slack-group:')).map((p) => p.slice('slack-group:'.length));
  const cache = new Map<string, { members: ReadonlySet<string>; at: number }>();

  async function membersOf(group: string): Promise<ReadonlySet<string>> {
    const hit = cache.get(group);
    if (hit && Date.now() - hit.at < GROUP_TTL_MS) return hit.members;
    const answer = await client.usergroups.users.list({ usergroup: group });
    const members = new Set(answer.users ?? []);
    cache.set(group, { members, at: Date.now() });
    return members;
  }

  return async (userId: string): Promise<Actor> => {
    const member = await Promise.all(groups.map(async (g) => ((await membersOf(g)).has(userId) ? g : undefined)));
    const inGroups = member.filter((g): g is string => g !== undefined);
    return inGroups.length > 0 ? { principal: `slack:${userId}`, groups: inGroups } : { principal: `slack:${userId}` };
  };
}
export type ActorResolver = ReturnType<typeof createActorResolver>;
