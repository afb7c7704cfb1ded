import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { REASON_BLOCK, REASON_INPUT, REJECT_MODAL } from '../ids.ts';
import { toEphemeral } from '../replies.ts';
import { tellClicker } from './tell.ts';
import type { ListenerDeps } from './deps.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Reject button: someone who may not reject is told so at once, not after typing a reason. A trigger_id is
 * single-use and valid for 3 s, so the modal opens right after that one check (group look-ups are cached).
 */
export function rejectButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const allowed = await deps.service.checkDecision(
      action.value ?? '',
      await deps.resolveActor(body.user.id),
      'reject',
    );
    if (!allowed.ok) {
      await tellClicker(client, body.user.id, body.channel?.id, toEphemeral(allowed.error));
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: REJECT_MODAL,
        private_metadata: JSON.stringify({ id: action.value, channel: body.channel?.id }),
        title: { type: 'plain_text', text: 'Reject remediation' },
        submit: { type: 'plain_text', text: 'Reject' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          {
            type: 'input',
            block_id: REASON_BLOCK,
            label: { type: 'plain_text', text: 'Why is this rejected?' },
            element: {
              type: 'plain_text_input',
              action_id: REASON_INPUT,
              multiline: true,
              min_length: 1,
              max_length: 2000,
            },
          },
        ],
      },
    });
  };
}

/** The modal's submission: the core rejects with the reason; a refusal is shown on the form, nothing changes. */
export function rejectModal(deps: ListenerDeps) {
  return async ({ ack, view, body }: ViewArgs): Promise<void> => {
    // Payloads are Slack's to shape, but a malformed one must still be acknowledged, never crash the listener.
    const values = (view as { state?: { values?: typeof view.state.values } }).state?.values;
    const reason = values?.[REASON_BLOCK]?.[REASON_INPUT]?.value?.trim() ?? '';
    if (reason.length === 0) {
      await ack({
        response_action: 'errors',
        errors: { [REASON_BLOCK]: 'Give a reason: it is recorded and shown with the decision.' },
      });
      return;
    }
    const meta = parseMetadata(typeof view.private_metadata === 'string' ? view.private_metadata : '');
    const outcome = await deps.service.reject(
      String(meta.id),
      await deps.resolveActor(body.user.id),
      'slack',
      reason,
    );
    if (outcome.ok) {
      await ack();
      return;
    }
    await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: toEphemeral(outcome.error) } });
  };
}

function parseMetadata(text: string): { id?: unknown } {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
