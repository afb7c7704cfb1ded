/**
 * Slack's control characters in mrkdwn and in a message's `text`: `<` opens a mention (`<!here>`, `<!channel>`,
 * `<!subteam^S…>`, `<@U…>`) or a disguised link (`<https://evil.example|Grafana>`), `&` starts an entity that
 * could spell either. Escaped, agent-supplied text shows literally and can never ping anyone or hide a URL.
 * @see https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * A code block whose content cannot end it early: a ``` inside would close the block and let the rest format
 * (or fake a kubegate line), so backtick runs are broken with a zero-width space, which Slack shows as nothing.
 */
export function codeBlock(text: string): string {
  return `\`\`\`${escapeMrkdwn(text).replaceAll('`', '`\u200b')}\`\`\``;
}

/** Inline code for one line of agent text: newlines collapsed, backticks broken as in codeBlock. */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/\s+/g, ' ')).replaceAll('`', '\u02cb')}\``;
}

/** Clips to `limit` characters, saying so with an ellipsis; never used on a command (those are shown whole). */
export const clip = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
