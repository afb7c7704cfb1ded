import type { MessageContext } from './summary.ts';

// The agent's metadata is free-form JSON: whatever it says is data. Two things from it are worth a link or a
// quote for the on-call, its reasoning and the alert or incident it answers; both are rendered so that the agent
// chooses neither the words of a link nor anything Slack would parse.

const REASONING_KEYS = ['reasoning', 'reason', 'summary', 'description', 'root_cause'] as const;
/** metadata key → the fixed word a link shows: the agent picks where a link goes, never what it says. */
const LINK_KEYS: readonly (readonly [string, string])[] = [
  ['alert_url', 'alert'],
  ['alert', 'alert'],
  ['incident_url', 'incident'],
  ['incident', 'incident'],
  ['runbook_url', 'runbook'],
  ['dashboard_url', 'dashboard'],
];

/** The agent's own explanation of the whole proposal, when its metadata carries one. */
export function reasoningOf(metadata: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of REASONING_KEYS) {
    const v = metadata[key];
    if (typeof v === 'string' && v.trim().length > 0) return v;
  }
  return undefined;
}

/**
 * An http(s) URL as Slack link markup, or nothing. Whatever could end the markup early or smuggle a label
 * (`|`, `<`, `>`, whitespace) is refused rather than repaired, and so is a backtick, which would open a code span or
 * fence around kubegate's own text; credentials in a URL are refused too (they would be
 * posted to the channel). `&` is escaped as Slack asks for URLs inside `<…>`.
 * @see https://docs.slack.dev/messaging/formatting-message-text#linking-urls
 */
export function safeLink(raw: unknown, label: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 1000 || /[\s<>|`]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '')
    return undefined;
  const href = url.href;
  if (/[\s<>|`]/.test(href)) return undefined;
  return `<${href.replaceAll('&', '&amp;')}|${label}>`;
}

/** The alert, incident, runbook and dashboard links in the metadata that are safe to show, each once. */
export function metadataLinks(metadata: Readonly<Record<string, unknown>>): string[] {
  const links: string[] = [];
  for (const [key, label] of LINK_KEYS) {
    const link = safeLink(metadata[key], label);
    if (link !== undefined && !links.some((l) => l.startsWith(link.slice(0, link.lastIndexOf('|')))))
      links.push(link);
  }
  return links;
}

/** Where the whole record (decisions, every line of output) is: the page when kubegate knows its address. */
export function detailsLink(id: string, ctx: MessageContext): string {
  const url = ctx.approvalUrl?.(id);
  const link = url === undefined ? undefined : safeLink(url, 'full details and output');
  return link ?? `full details and output: \`GET /api/approvals/${id}\``;
}
