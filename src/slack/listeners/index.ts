import type { App, BlockButtonAction } from '@slack/bolt';
import { APPROVE_ACTION, PENDING_COMMAND, REJECT_ACTION, REJECT_MODAL } from '../ids.ts';
import { approveButton } from './approve.ts';
import type { ListenerDeps } from './deps.ts';
import { pendingCommand } from './pending-command.ts';
import { rejectButton, rejectModal } from './reject.ts';

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(APPROVE_ACTION, approveButton(deps));
  app.action<BlockButtonAction>(REJECT_ACTION, rejectButton(deps));
  app.view({ type: 'view_submission', callback_id: REJECT_MODAL }, rejectModal(deps));
  app.command(PENDING_COMMAND, pendingCommand(deps));
}
