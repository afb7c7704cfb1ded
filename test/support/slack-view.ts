/**
 * What Slack shows of kubegate's approvals, read from the Web API double, for the tests that drive kubegate through
 * Slack: one place for "the message of this approval", its thread, and waiting until the notifier is done.
 */
import assert from 'node:assert/strict';
import type { SlackApiDouble, StoredMessage } from './slack-api-double.ts';
import type { TestKubegate } from './kubegate.ts';

/** The environment that turns Slack on (HTTP mode) against the double. */
export const slackEnv = (
  slack: SlackApiDouble,
  o: { bot: string; secret: string; channel: string },
): Record<string, string> => ({
  SLACK_BOT_TOKEN: o.bot,
  SLACK_SIGNING_SECRET: o.secret,
  SLACK_APPROVAL_CHANNEL: o.channel,
  SLACK_API_URL: slack.url,
});

/** The approval's one top-level message as Slack currently shows it. */
export function messageOf(slack: SlackApiDouble, id: string): StoredMessage {
  const found = [...slack.messages.values()].filter(
    (m) => m.thread_ts === undefined && JSON.stringify(m.blocks).includes(id),
  );
  assert.equal(found.length, 1, `exactly one message for ${id}`);
  return found[0]!;
}

/** The replies in the thread of the message posted at `ts`, oldest first. */
export const repliesTo = (slack: SlackApiDouble, ts: string): StoredMessage[] =>
  [...slack.messages.values()].filter((m) => m.thread_ts === ts);

/** Resolves once the Slack notifier has delivered everything it was asked to (its outbox is empty). */
export async function settled(kg: TestKubegate): Promise<void> {
  await kg.slack?.notifier.idle();
}

/** Resolves on the approval's next stored change (a click's HTTP answer is the early ack, before the decision). */
export const nextChange = (kg: TestKubegate, id: string): Promise<void> =>
  new Promise<void>((resolve) => {
    const off = kg.service.subscribe((c) => {
      if (c.approval.id === id) {
        off();
        resolve();
      }
    });
  });

/** Every mrkdwn string of a message, and its `text` (which Slack parses too): where escaping must hold. */
export function mrkdwnTexts(message: {
  readonly text: string;
  readonly blocks: readonly unknown[];
}): string[] {
  const found: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') found.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}
