import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from './deps.ts';
import { pendingPage } from './pending-command.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * /k8s-pending's Previous / Next: acknowledged at once, then the ephemeral answer is replaced through its
 * response_url with the page asked for, recomputed (what waits may have changed since the list was shown).
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export function pendingPageButton(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    const page = Number.parseInt(action.value ?? '', 10);
    const answer = await pendingPage(deps, body.user.id, Number.isSafeInteger(page) && page >= 0 ? page : 0);
    await respond({ response_type: 'ephemeral', replace_original: true, ...answer });
  };
}
