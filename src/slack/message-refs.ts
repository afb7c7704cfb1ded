import type { Keyv } from 'keyv';

/** Where an approval's Slack message is: kept in the store, so updates and links survive restarts. */
export type MessageRef = {
  readonly channel: string;
  readonly ts: string;
  readonly permalink?: string;
  /** The approval version the message shows: older than the approval's means Slack still has to hear of it. */
  readonly version?: number;
};

export type MessageRefs = {
  get(approvalId: string): Promise<MessageRef | undefined>;
  set(approvalId: string, ref: MessageRef): Promise<void>;
};

export function keyvMessageRefs(kv: Keyv): MessageRefs {
  return {
    get: (id) => kv.get<MessageRef>(`slack-message:${id}`),
    set: async (id, ref) => {
      await kv.set(`slack-message:${id}`, ref);
    },
  };
}
