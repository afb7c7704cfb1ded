import { failedBeforeStart, type CommandResult, type PlannedCommand } from '../../approvals/model.ts';
import type { ExecutingApproval, Executor } from '../../approvals/ports.ts';
import { err, ok, type Result } from '../../approvals/result.ts';
import type { Cluster } from '../api/cluster.ts';
import { describeOperation, type KubeOperation } from '../command/parse.ts';
import { boundOutput } from '../printers/truncate.ts';
import { classify } from '../command/classify.ts';
import type { EventRecorder } from './cluster-record.ts';
import { withDeadline } from '../api/deadline.ts';
import { apply, type ApplyError } from './mutations/index.ts';
import { defaultNamespaceOf, digestOperations, parseAll } from './planner.ts';
import { runRead } from './run-read.ts';
import type { RedactOptions } from '../command/redact.ts';

export type KubeExecutorDeps = {
  readonly cluster: Cluster;
  readonly timeoutMs: number;
  readonly clock?: () => Date;
  readonly redact?: RedactOptions;
  /** Records each change as an Event on its target (the cluster's own record); none in tests of other things. */
  readonly record?: EventRecorder;
};

/**
 * Runs an approved proposal's commands in order through the Kubernetes API. The first failure stops the run;
 * the rest are `skipped`. A Kubernetes error is never reported as success.
 */
export function createKubeExecutor(deps: KubeExecutorDeps): Executor {
  const now = deps.clock ?? (() => new Date());
  return {
    async execute(approval: ExecutingApproval, signal: AbortSignal): Promise<readonly CommandResult[]> {
      const { commands, metadata, digest } = approval.proposal;
      const parsed = parseAll(commands, defaultNamespaceOf(metadata));
      const refusal = !parsed.ok
        ? 'the commands no longer parse as they did when proposed'
        : digest === undefined || digestOperations(parsed.value) !== digest
          ? 'the operations differ from the ones approved (digest mismatch); nothing was run'
          : shownDiffers(commands, parsed.value)
            ? 'the operations differ from the ones approvers were shown; nothing was run'
            : undefined;
      if (refusal !== undefined || !parsed.ok)
        return failedBeforeStart(commands, refusal ?? '', now().toISOString());

      const results: CommandResult[] = [];
      for (const [i, command] of commands.entries()) {
        const op = parsed.value[i];
        if (!op || results.some((r) => r.status === 'failed')) {
          results.push({ command: command.command, status: 'skipped' });
          continue;
        }
        results.push(await runOne(approval, command, op, deps, signal, now));
      }
      return results;
    },
  };
}

/** What approvers read is the canonical form recorded at proposal time: what runs must spell exactly that. */
function shownDiffers(commands: readonly PlannedCommand[], ops: readonly KubeOperation[]): boolean {
  return commands.some((c, i) => {
    const op = ops[i];
    return op === undefined || c.canonical !== describeOperation(op);
  });
}

async function runOne(
  approval: ExecutingApproval,
  command: PlannedCommand,
  op: KubeOperation,
  deps: KubeExecutorDeps,
  signal: AbortSignal,
  now: () => Date,
): Promise<CommandResult> {
  const classified = classify(op);
  const result = await attempt(approval.id, command, classified, deps, signal, now);
  // Reads change nothing, so they leave no record on any object; a change leaves one whether it worked or not.
  if ('mutation' in classified && deps.record) {
    const { record } = deps;
    const mutation = classified.mutation;
    await withDeadline(
      deps.timeoutMs,
      (deadline) =>
        record({ approval, op: mutation, expect: command.expect ?? {}, result, signal: deadline }),
      signal,
    );
  }
  return result;
}

async function attempt(
  approvalId: string,
  command: PlannedCommand,
  classified: ReturnType<typeof classify>,
  deps: KubeExecutorDeps,
  signal: AbortSignal,
  now: () => Date,
): Promise<CommandResult> {
  const startedAt = now().toISOString();
  const outcome = await withDeadline(
    deps.timeoutMs,
    async (deadline): Promise<Result<string, string>> => {
      const ctx = { cluster: deps.cluster, signal: deadline, timeoutMs: deps.timeoutMs, approvalId };
      if ('mutation' in classified) {
        const applied = await apply(classified.mutation, ctx, command.expect ?? {}, false, now());
        return applied.ok ? applied : err(failureOf(applied.error));
      }
      const read = await runRead(classified.read, {
        ...ctx,
        ...(deps.redact ? { redact: deps.redact } : {}),
      });
      return read.ok ? ok(read.value.output) : err(read.error.message);
    },
    signal,
  );
  const finishedAt = now().toISOString();
  return outcome.ok
    ? {
        command: command.command,
        status: 'succeeded',
        output: boundOutput(outcome.value),
        startedAt,
        finishedAt,
      }
    : { command: command.command, status: 'failed', error: outcome.error, startedAt, finishedAt };
}

function failureOf(e: ApplyError): string {
  return e.code === 'target_changed' ? `target changed since approval: ${e.message}` : e.failure.message;
}
