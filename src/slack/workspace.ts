import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { REASON_BLOCK } from './ids.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** The Slack workspace (and Enterprise Grid organisation) kubegate is installed in. */
export type Workspace = { readonly teamId: string; readonly enterpriseId?: string };

type Teams = { readonly team?: string; readonly userTeam?: string; readonly enterprise?: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const idOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && 'id' in v ? str(v.id) : undefined;

/** Where a payload comes from: interactions carry `team` / `user.team_id` / `enterprise`; commands `team_id`. */
function teamsOf(body: Record<string, unknown>): Teams {
  const user = body.user;
  const userTeam =
    typeof user === 'object' && user !== null ? str((user as { team_id?: unknown }).team_id) : undefined;
  const team = idOf(body.team) ?? str(body.team_id);
  const enterprise = idOf(body.enterprise) ?? str(body.enterprise_id);
  return {
    ...(team === undefined ? {} : { team }),
    ...(userTeam === undefined ? {} : { userTeam }),
    ...(enterprise === undefined ? {} : { enterprise }),
  };
}

/**
 * A payload is from kubegate's own workspace when its team (and the acting user's home team, which differs for a
 * Slack Connect guest from another company) is the installed one — or, on an Enterprise Grid install, when it
 * comes from the installed organisation.
 */
export function isFromWorkspace(body: Record<string, unknown>, home: Workspace): boolean {
  const { team, userTeam, enterprise } = teamsOf(body);
  if (home.enterpriseId !== undefined && enterprise === home.enterpriseId) return true;
  return team === home.teamId && (userTeam === undefined || userTeam === home.teamId);
}

/**
 * Global Bolt middleware: decisions and lists only for people of kubegate's workspace. A signed request proves it
 * came through Slack, not from whom: an app can be installed elsewhere, and shared channels bring in guests.
 * Until the workspace is known (auth.test at start, or SLACK_TEAM_ID) nothing is decided: fail closed.
 */
export function onlyFromWorkspace(home: () => Workspace | undefined): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const known = home();
    if (known !== undefined && isFromWorkspace(body, known)) {
      await args.next();
      return;
    }
    const { team } = teamsOf(body);
    const text = known
      ? `:no_entry: kubegate only takes decisions from its own Slack workspace; ${escapeMrkdwn(team ?? 'this one')} is not it. Nothing changed.`
      : ':hourglass: kubegate is still connecting to Slack and cannot check where this comes from yet. Nothing changed; try again in a moment.';
    await refuse(args, text);
  };
}

type Ack = (response?: object) => Promise<void>;

async function refuse(args: AnyMiddlewareArgs & AllMiddlewareArgs, text: string): Promise<void> {
  const body = args.body as unknown as Record<string, unknown>;
  const ack: Ack | undefined = 'ack' in args ? (args.ack as Ack) : undefined;
  if (body.command !== undefined) {
    await ack?.({ response_type: 'ephemeral', text });
    return;
  }
  if (body.type === 'view_submission') {
    // The modal stays open and says why (kubegate's only modal is the reject form, with its one input).
    await ack?.({ response_action: 'errors', errors: { [REASON_BLOCK]: text } });
    return;
  }
  await ack?.();
  const channel = idOf(body.channel);
  const user = idOf(body.user);
  if (body.type === 'block_actions' && channel !== undefined && user !== undefined) {
    await args.client.chat.postEphemeral({ channel, user, text });
  }
}
