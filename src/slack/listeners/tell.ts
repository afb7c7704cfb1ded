import type { WebClient } from '@slack/web-api';

/**
 * A private answer to whoever clicked: an ephemeral message in the channel of the click, or, for a click in the
 * app's Home tab (no channel), a message in their direct conversation with the app.
 */
export async function tellClicker(
  client: WebClient,
  user: string,
  channel: string | undefined,
  text: string,
): Promise<void> {
  if (channel) await client.chat.postEphemeral({ channel, user, text });
  else await client.chat.postMessage({ channel: user, text });
}
