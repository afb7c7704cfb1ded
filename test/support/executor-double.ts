import type { CommandResult } from '../../src/approvals/model.ts';
import type { ExecutingApproval, Executor } from '../../src/approvals/ports.ts';

/** A stand-in for the Kubernetes executor port: records every call and succeeds, unless told to wait or fail. */
export class RecordingExecutor implements Executor {
  readonly calls: ExecutingApproval[] = [];
  private gate: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  /** Holds every execution until `resume()` (or the shutdown signal), to observe the `executing` state. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  resume(): void {
    this.release?.();
  }

  async execute(approval: ExecutingApproval, signal: AbortSignal): Promise<readonly CommandResult[]> {
    this.calls.push(approval);
    const aborted = new Promise<'aborted'>((resolve) => {
      signal.addEventListener(
        'abort',
        () => {
          resolve('aborted');
        },
        { once: true },
      );
    });
    const outcome = await Promise.race([this.gate.then(() => 'done' as const), aborted]);
    const at = new Date().toISOString();
    return approval.proposal.commands.map((c) =>
      outcome === 'done'
        ? {
            command: c.command,
            status: 'succeeded',
            output: `ran: ${c.command}`,
            startedAt: at,
            finishedAt: at,
          }
        : {
            command: c.command,
            status: 'failed',
            error: 'aborted: kubegate is shutting down',
            startedAt: at,
            finishedAt: at,
          },
    );
  }
}
