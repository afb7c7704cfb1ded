import type { ApprovalService } from '../../approvals/service.ts';
import type { Logger } from '../../observability/log.ts';
import type { ActorResolver } from '../actors.ts';
import type { HomeTab } from '../home-tab.ts';
import type { MessageRefs } from '../message-refs.ts';

/** What the Slack listeners need: the core, who the clicker is, where messages are, the Home tab. */
export type ListenerDeps = {
  readonly service: ApprovalService;
  readonly resolveActor: ActorResolver;
  readonly refs: MessageRefs;
  readonly logger: Logger;
  /** CLUSTER_NAME, else the kubeconfig context. */
  readonly cluster?: string | undefined;
  readonly home?: HomeTab | undefined;
};
