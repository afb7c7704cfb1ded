import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { toEphemeral } from '../replies.ts';
import { tellClicker } from './tell.ts';
import type { ListenerDeps } from './deps.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve button: acknowledge first (Slack allows 3 s), then let the core decide. The message itself is updated
 * by the notifier from the core's change event; only a refusal is answered here, privately to the clicker.
 */
export function approveButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client, context }: Args): Promise<void> => {
    await ack();
    const channel = body.channel?.id;
    const user = body.user.id;
    const outcome = await deps.service.approve(action.value ?? '', await deps.resolveActor(user), 'slack');
    if (outcome.ok) return;
    // A Slack retry of a click that already went through is not news to the clicker.
    const repeat =
      (context.retryNum ?? 0) > 0 &&
      (outcome.error.code === 'not_pending' || outcome.error.code === 'duplicate_decision');
    if (repeat) return;
    await tellClicker(client, user, channel, toEphemeral(outcome.error));
  };
}
