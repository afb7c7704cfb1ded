import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from './deps.ts';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * The viewer opened the app's Home tab: publish what they may decide now (Bolt acknowledges events itself).
 * @see https://docs.slack.dev/reference/events/app_home_opened
 */
export function homeOpened(deps: ListenerDeps) {
  return async ({ event }: Args): Promise<void> => {
    if (event.tab !== 'home' || typeof event.user !== 'string') return;
    await deps.home?.opened(event.user);
  };
}
