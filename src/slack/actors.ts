import type { WebClient } from '@slack/web-api';
import type { Actor } from '../approvals/model.ts';
import type { Policy } from '../approvals/policy.ts';

const CACHE_TTL_MS = 60_000;

type Cached<T> = { readonly value: T; readonly at: number };

/** Every `slack-group:` and whether any `email:` identity appears in the policy: only those need Slack look-ups. */
function lookupsFor(policy: Policy): { groups: string[]; emails: boolean } {
  const refs = [...policy.rules.flatMap((r) => r.approvers), ...Object.values(policy.people).flat()];
  return {
    groups: [
      ...new Set(refs.filter((r) => r.startsWith('slack-group:')).map((r) => r.slice('slack-group:'.length))),
    ],
    emails: refs.some((r) => r.startsWith('email:')),
  };
}

/**
 * The Slack user as a kubegate actor: `slack:UXXXX`, plus `email:ADDRESS` from their Slack profile when the policy
 * links people by email (users.info, as Teleport binds Slack users), plus the policy's Slack groups they are in
 * (usergroups.users.list). Both are cached for a minute so a click is acknowledged well inside Slack's 3 seconds.
 */
export function createActorResolver(client: WebClient, policy: () => Policy) {
  const groupCache = new Map<string, Cached<ReadonlySet<string>>>();
  const emailCache = new Map<string, Cached<string | undefined>>();
  const fresh = <T>(hit: Cached<T> | undefined): hit is Cached<T> =>
    hit !== undefined && Date.now() - hit.at < CACHE_TTL_MS;

  async function membersOf(group: string): Promise<ReadonlySet<string>> {
    const hit = groupCache.get(group);
    if (fresh(hit)) return hit.value;
    const answer = await client.usergroups.users.list({ usergroup: group });
    const members = new Set(answer.users ?? []);
    groupCache.set(group, { value: members, at: Date.now() });
    return members;
  }

  async function emailOf(userId: string): Promise<string | undefined> {
    const hit = emailCache.get(userId);
    if (fresh(hit)) return hit.value;
    // A user Slack will not describe (a guest, a missing scope) is simply not linked by email: they still act as
    // slack:UXXXX, which only ever narrows what they may do.
    const answer = await client.users.info({ user: userId }).catch(() => undefined);
    if (answer === undefined) return undefined;
    // Slack lower-cases nothing for us: addresses are compared case-insensitively, as mail systems do.
    const email = answer.user?.profile?.email?.toLowerCase();
    emailCache.set(userId, { value: email, at: Date.now() });
    return email;
  }

  return async (userId: string): Promise<Actor> => {
    const needs = lookupsFor(policy());
    const [member, email] = await Promise.all([
      Promise.all(needs.groups.map(async (g) => ((await membersOf(g)).has(userId) ? g : undefined))),
      needs.emails ? emailOf(userId) : Promise.resolve(undefined),
    ]);
    const groups = member.filter((g): g is string => g !== undefined);
    return {
      principal: `slack:${userId}`,
      ...(email === undefined ? {} : { aliases: [`email:${email}`] }),
      ...(groups.length > 0 ? { groups } : {}),
    };
  };
}
export type ActorResolver = ReturnType<typeof createActorResolver>;
