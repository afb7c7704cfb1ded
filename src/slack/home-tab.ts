import type { WebClient } from '@slack/web-api';
import { displayPerson, identitiesOf } from '../approvals/policy.ts';
import type { ApprovalService } from '../approvals/service.ts';
import type { Logger } from '../observability/log.ts';
import { toWireApproval } from '../wire/approval.ts';
import type { ActorResolver } from './actors.ts';
import { decidedBy, renderHome, type RecentDecision } from './home.ts';
import type { MessageRefs } from './message-refs.ts';
import { byExpiry } from './pending-list.ts';

// Home tabs are refreshed for the people who opened theirs lately: Slack keeps the last published view, so a viewer
// who comes back sees it current. Bounded so a big workspace cannot grow it without end.
const MAX_VIEWERS = 200;
const VIEWER_TTL_MS = 7 * 24 * 3600_000;
// Changes arrive in bursts (a decision, the run, its results): one refresh for the burst.
const REFRESH_DELAY_MS = 250;
const HISTORY_WINDOW = 200;

type HomeDeps = {
  readonly client: WebClient;
  readonly service: ApprovalService;
  readonly resolveActor: ActorResolver;
  readonly refs: MessageRefs;
  readonly logger: Logger;
  readonly cluster?: string | undefined;
};

/** The App Home tab: what the viewer may decide (with Approve / Reject) and their recent decisions, kept current. */
export function createHomeTab(deps: HomeDeps) {
  const { client, service, logger } = deps;
  const viewers = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let publishing: Promise<void> = Promise.resolve();

  async function publish(userId: string): Promise<void> {
    const actor = await deps.resolveActor(userId);
    const { decidable, others, person: personKey } = await service.listDecidable(actor);
    const entries = await Promise.all(
      decidable.map(async (a) => ({
        approval: toWireApproval(a),
        permalink: (await deps.refs.get(a.id))?.permalink,
      })),
    );
    entries.sort((x, y) => byExpiry(x.approval, y.approval));
    const history = (await service.listHistory({ limit: HISTORY_WINDOW })).approvals;
    const identities = identitiesOf(actor);
    const person = displayPerson(personKey);
    const recent: RecentDecision[] = history
      .map(toWireApproval)
      .flatMap((approval) =>
        approval.decisions
          .filter((d) => decidedBy(d, identities, person))
          .map((decision) => ({ approval, decision })),
      )
      .sort((x, y) => Date.parse(y.decision.at) - Date.parse(x.decision.at));
    const view = renderHome(entries, others, recent, { cluster: deps.cluster }, new Date());
    await client.views.publish({ user_id: userId, view });
  }

  /** Publishes one viewer's tab after whatever is being published now (one Slack call at a time). */
  const queue = (userId: string): Promise<void> => {
    publishing = publishing.then(() =>
      publish(userId).catch((error: unknown) => {
        logger.warn({ err: error, user: userId }, 'Slack Home tab not published');
      }),
    );
    return publishing;
  };

  return {
    /** app_home_opened: remember the viewer and show them their tab now. */
    opened(userId: string): Promise<void> {
      viewers.delete(userId);
      viewers.set(userId, Date.now());
      for (const [id] of viewers) {
        if (viewers.size <= MAX_VIEWERS) break;
        viewers.delete(id);
      }
      return queue(userId);
    },
    /** Any approval changed: refresh every recent viewer's tab, once per burst. */
    changed(): void {
      if (timer !== undefined || viewers.size === 0) return;
      timer = setTimeout(() => {
        timer = undefined;
        const since = Date.now() - VIEWER_TTL_MS;
        for (const [id, at] of viewers) {
          if (at < since) viewers.delete(id);
          else void queue(id);
        }
      }, REFRESH_DELAY_MS);
      timer.unref();
    },
    idle: (): Promise<void> => publishing,
    stop(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
export type HomeTab = ReturnType<typeof createHomeTab>;
