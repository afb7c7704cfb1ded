import type { WebClient } from '@slack/web-api';
import type { Approval } from '../approvals/model.ts';
import type { ApprovalChange, ApprovalService, ApprovalWithQuorum } from '../approvals/service.ts';
import type { Logger } from '../observability/log.ts';
import { toWireApproval } from '../wire/approval.ts';
import { approverMentions } from './audience.ts';
import { renderApprovalMessage, type MessageContext } from './blocks.ts';
import { renderDecisionReply, renderExecutingReply, renderFinalReply } from './thread.ts';
import type { MessageRefs } from './message-refs.ts';
import { RetryLater, createOutbox } from './outbox.ts';

// How far back a restart looks for messages Slack has not caught up with.
const RECONCILE_WINDOW = 500;

type NotifierDeps = {
  readonly client: WebClient;
  readonly channel: string;
  readonly service: ApprovalService;
  readonly refs: MessageRefs;
  readonly logger: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  /** One replica posts each new message (see Coordination.claim). */
  readonly claim: (key: string, ttlMs: number) => Promise<boolean>;
  /** CLUSTER_NAME, else the kubeconfig context: in every message. */
  readonly cluster?: string | undefined;
  /** Told of every change after the message work is queued (the Home tab refreshes its viewers). */
  readonly onChange?: ((change: ApprovalChange) => void) | undefined;
};

/**
 * Slack as a listener on the core's changes, never a second state machine: whatever surface decided, the one
 * message shows the current state, and execution progress and results go to its thread.
 */
export function createSlackNotifier(deps: NotifierDeps) {
  const { client, channel, service, refs, logger } = deps;
  const outbox = createOutbox(logger, deps.sleep);
  const contextOf = (approval: ApprovalWithQuorum): MessageContext => ({
    cluster: deps.cluster,
    approvers: approverMentions(approval),
  });

  /** Posts the message if there is none yet, else updates it to the approval's latest state. */
  const sync = (id: Approval['id']) => async (): Promise<void> => {
    const found = await service.get(id);
    if (!found.ok) return;
    const approval = found.value;
    const message = renderApprovalMessage(toWireApproval(approval), contextOf(approval));
    const ref = await refs.get(id);
    if (ref) {
      await client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
      await refs.set(id, { ...ref, version: approval.version });
      return;
    }
    // Replicas race to post a new approval's message (the one that made it, another catching up at start-up):
    // one claims it; the others come back once its reference is stored and update instead.
    if (!(await deps.claim(`slack-post:${id}`, 60_000)))
      throw new RetryLater('another replica is posting this message');
    const posted = await client.chat.postMessage({ channel, ...message });
    if (!posted.ts || !posted.channel) throw new Error('chat.postMessage answered without a ts');
    const link = await client.chat
      .getPermalink({ channel: posted.channel, message_ts: posted.ts })
      .catch(() => undefined);
    await refs.set(id, {
      channel: posted.channel,
      ts: posted.ts,
      version: approval.version,
      ...(link?.permalink ? { permalink: link.permalink } : {}),
    });
  };

  const reply = (id: Approval['id'], text: () => string) => async (): Promise<void> => {
    const ref = await refs.get(id);
    if (!ref) return; // the message never got posted; its state is in the message once it is
    await client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text: text() });
  };

  /**
   * The message follows every change; the thread hears what an on-call must: each approval short of the quorum
   * (with a ping for the approvers still needed), the start of the run, and one reply for each final state.
   */
  function onChange(change: ApprovalChange): void {
    const { approval, previous } = change;
    const id = approval.id;
    outbox.push({ key: id, label: 'sync', run: sync(id) }, true);
    const entered = previous?.state !== approval.state;
    const newApprovals = approval.decisions
      .slice(previous?.decisions.length ?? 0)
      .filter((d) => d.decision === 'approve');
    if (approval.state === 'pending' && previous !== undefined) {
      for (const d of newApprovals) {
        const shown = toWireApproval(approval);
        const decision = shown.decisions.find((x) => x.at === d.at && x.by === d.by);
        const next = approverMentions(approval);
        if (decision)
          outbox.push({
            key: id,
            label: 'reply',
            run: reply(id, () => renderDecisionReply(shown, decision, next)),
          });
      }
    }
    if (approval.state === 'executing' && entered) {
      const shown = toWireApproval(approval);
      outbox.push({ key: id, label: 'reply', run: reply(id, () => renderExecutingReply(shown)) });
    }
    if (entered) {
      const final = renderFinalReply(toWireApproval(approval), contextOf(approval));
      if (final !== undefined) outbox.push({ key: id, label: 'reply', run: reply(id, () => final) });
    }
    deps.onChange?.(change);
  }

  return {
    start(): () => void {
      // Only this replica's changes: the replica that commits a change renders it (its claim and thread replies are
      // its own), and rendering it here too would double every update and reply.
      return service.subscribe(onChange, { remote: false });
    },
    /**
     * The durable part of the outbox: what Slack shows is derived from the store, so after a restart (or an outage
     * that outlived the process) every open or recent approval whose message is missing or behind is synced.
     */
    async reconcile(): Promise<void> {
      const recent = await service.listHistory({ limit: RECONCILE_WINDOW });
      const approvals = new Map([...recent.approvals, ...(await service.listOpen())].map((a) => [a.id, a]));
      for (const a of approvals.values()) {
        const ref = await refs.get(a.id);
        if (!ref || (ref.version ?? 0) < a.version)
          outbox.push({ key: a.id, label: 'sync', run: sync(a.id) }, true);
      }
    },
    async permalink(approval: Approval): Promise<string | null> {
      return (await refs.get(approval.id))?.permalink ?? null;
    },
    idle: () => outbox.idle(),
    stop: () => {
      outbox.stop();
    },
    get backlog(): number {
      return outbox.size;
    },
  };
}
export type SlackNotifier = ReturnType<typeof createSlackNotifier>;
