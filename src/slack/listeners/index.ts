import type { App, BlockButtonAction } from '@slack/bolt';
import {
  APPROVE_ACTION,
  PENDING_COMMAND,
  PENDING_PAGE_ACTIONS,
  REJECT_ACTION,
  REJECT_MODAL,
  isKnownAction,
} from '../ids.ts';
import { approveButton } from './approve.ts';
import type { ListenerDeps } from './deps.ts';
import { homeOpened } from './home-opened.ts';
import { pendingCommand } from './pending-command.ts';
import { pendingPageButton } from './pending-page.ts';
import { rejectButton, rejectModal } from './reject.ts';

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(APPROVE_ACTION, approveButton(deps));
  app.action<BlockButtonAction>(REJECT_ACTION, rejectButton(deps));
  app.action<BlockButtonAction>(PENDING_PAGE_ACTIONS, pendingPageButton(deps));
  app.view({ type: 'view_submission', callback_id: REJECT_MODAL }, rejectModal(deps));
  app.command(PENDING_COMMAND, pendingCommand(deps));
  app.event('app_home_opened', homeOpened(deps));
  // Any other action (an old message's button, a client that sends something new) is acknowledged and ignored:
  // unacknowledged, Slack shows the clicker an error after 3 s. Only unknown ids, so nothing is acknowledged twice.
  app.action({ type: 'block_actions' }, async ({ ack, action }) => {
    if (!('action_id' in action) || !isKnownAction(action.action_id)) await ack();
  });
}
