/** Slack action_id and callback_id constants: one place, so listeners and Block Kit builders agree. */
export const APPROVE_ACTION = 'kubegate.approve';
export const REJECT_ACTION = 'kubegate.reject';
export const REJECT_MODAL = 'kubegate.reject_modal';
export const REASON_BLOCK = 'kubegate.reason';
export const REASON_INPUT = 'kubegate.reason_input';
export const PENDING_COMMAND = '/k8s-pending';

/** `slack:U0123` → `<@U0123>`, anything else shown as is: Slack renders mentions, not principals. */
export function mention(principal: string): string {
  // Principals are validated where they are configured; escaping anyway keeps a stored one from becoming markup.
  const safe = principal.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('`', "'");
  return /^slack:[UW][A-Z0-9]+$/.test(principal) ? `<@${principal.slice('slack:'.length)}>` : `\`${safe}\``;
}
