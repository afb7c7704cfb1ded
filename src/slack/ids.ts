/** Slack action_id and callback_id constants: one place, so listeners and Block Kit builders agree. */
export const APPROVE_ACTION = 'kubegate.approve';
export const REJECT_ACTION = 'kubegate.reject';
export const REJECT_MODAL = 'kubegate.reject_modal';
export const REASON_BLOCK = 'kubegate.reason';
export const REASON_INPUT = 'kubegate.reason_input';
export const PENDING_COMMAND = '/k8s-pending';
/** /k8s-pending's Previous / Next buttons; the value is the page to show. */
export const PENDING_PAGE_ACTION = 'kubegate.pending_page';
/** /k8s-pending's two buttons: `kubegate.pending_page.previous` and `.next` (unique within their block). */
export const PENDING_PAGE_ACTIONS = /^kubegate\.pending_page\.(previous|next)$/;
/** Whether kubegate has a listener for an action_id; any other is acknowledged and ignored. */
export const isKnownAction = (actionId: string): boolean =>
  actionId === APPROVE_ACTION || actionId === REJECT_ACTION || PENDING_PAGE_ACTIONS.test(actionId);

/** `slack:U0123` → `<@U0123>`, anything else shown as is: Slack renders mentions, not principals. */
export function mention(principal: string): string {
  // Principals are validated where they are configured; escaping anyway keeps a stored one from becoming markup.
  const safe = principal
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('`', "'");
  return /^slack:[UW][A-Z0-9]+$/.test(principal) ? `<@${principal.slice('slack:'.length)}>` : `\`${safe}\``;
}
