import type { CommandReader, ReadOutput } from '../../approvals/ports.ts';
import type { ServiceError } from '../../approvals/errors.ts';
import { err, ok, type Result } from '../../approvals/result.ts';
import { toKubeFailure } from '../api/errors.ts';
import { classify } from '../command/classify.ts';
import { withDeadline } from '../api/deadline.ts';
import type { Cluster } from '../api/cluster.ts';
import { parseCommand } from '../command/parse.ts';
import { boundOutput } from '../printers/truncate.ts';
import { toCommandRefusal } from './planner.ts';
import { ReadFailure, runRead } from './run-read.ts';
import type { RedactOptions } from './redact.ts';

/** Reads run at once through the API; any command that would change the cluster is handed back for approval. */
export function createKubeReader(deps: {
  readonly cluster: Cluster;
  readonly timeoutMs: number;
  readonly redact?: RedactOptions;
}): CommandReader {
  return {
    async runIfRead(
      command: string,
      namespace: string,
    ): Promise<Result<ReadOutput | 'mutating', ServiceError>> {
      const parsed = parseCommand(command, { defaultNamespace: namespace });
      if (!parsed.ok) return err(toCommandRefusal(parsed.error));
      const classified = classify(parsed.value);
      if ('mutation' in classified) return ok('mutating');
      try {
        const read = await withDeadline(deps.timeoutMs, (signal) =>
          runRead(classified.read, {
            cluster: deps.cluster,
            signal,
            ...(deps.redact ? { redact: deps.redact } : {}),
          }),
        );
        return ok({ ...read, output: boundOutput(read.output) });
      } catch (e) {
        if (e instanceof ReadFailure) return err({ code: 'command_failed', command, reason: e.message });
        const failure = toKubeFailure(e, deps.timeoutMs);
        return failure.status === undefined
          ? err({ code: 'unavailable', reason: failure.message })
          : err({ code: 'command_failed', command, reason: failure.message });
      }
    },
  };
}
