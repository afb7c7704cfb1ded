import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { isOpen, type Approval } from '../approvals/model.ts';
import type { ApprovalService, ApprovalWithQuorum } from '../approvals/service.ts';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

// The SDK client's default request timeout is 60 s. Without a progress token the client cannot be kept
// waiting past it, so a wait stops short of it and says to ask again.
export const WAIT_CAP_WITHOUT_PROGRESS_MS = 50_000;
const HEARTBEAT_MS = 10_000;

export type WaitOutcome = { readonly approval: ApprovalWithQuorum; readonly advice: string | null };

/** Waits (for at most `waitSeconds`) until the approval is settled: decided and, if approved, executed. */
export async function waitForSettled(
  service: ApprovalService,
  id: string,
  waitSeconds: number,
  extra: ToolExtra,
): Promise<WaitOutcome | undefined> {
  const progressToken = extra._meta?.progressToken;
  const wanted = waitSeconds * 1000;
  const budget = progressToken === undefined ? Math.min(wanted, WAIT_CAP_WITHOUT_PROGRESS_MS) : wanted;
  let progress = 0;
  const notify = (message: string): void => {
    if (progressToken === undefined) return;
    progress += 1;
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } })
      .catch(() => undefined);
  };
  const started = Date.now();
  const heartbeat = setInterval(() => {
    notify(`still waiting for a decision (${Math.round((Date.now() - started) / 1000)}s)`);
  }, HEARTBEAT_MS);
  try {
    const outcome = await service.waitFor(id, {
      until: (a) => !isOpen(a),
      timeoutMs: budget,
      signal: extra.signal,
      onChange: (a) => {
        notify(`approval is ${a.state}`);
      },
      // Tells the client at once that the call is waiting (and that a decision from now on will wake it).
      onWaiting: (a) => {
        notify(`waiting for a decision: approval is ${a.state}`);
      },
    });
    if (!outcome.ok) return undefined;
    const approval = outcome.value;
    return { approval, advice: isOpen(approval) ? adviceFor(approval, wanted > budget) : null };
  } finally {
    clearInterval(heartbeat);
  }
}

function adviceFor(a: Approval, capped: boolean): string {
  const why = capped
    ? 'without a progress token a call cannot wait longer than about 50 s (the client would time out)'
    : 'the wait ended before a decision';
  return `Still ${a.state}: ${why}. Call get_approval with id ${a.id} and wait_seconds to keep waiting.`;
}
