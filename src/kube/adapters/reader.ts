import type { CommandReader, ReadOutput } from '../../approvals/ports.ts';
import type { ServiceError } from '../../approvals/errors.ts';
import { err, ok, type Result } from '../../approvals/result.ts';
import { classify } from '../command/classify.ts';
import { withDeadline } from '../api/deadline.ts';
import type { Cluster } from '../api/cluster.ts';
import { parseCommand } from '../command/parse.ts';
import { boundOutput } from '../printers/truncate.ts';
import { toCommandRefusal } from './planner.ts';
import { runRead } from './run-read.ts';
import type { RedactOptions } from '../command/redact.ts';

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
      const read = await withDeadline(deps.timeoutMs, (signal) =>
        runRead(classified.read, {
          cluster: deps.cluster,
          signal,
          timeoutMs: deps.timeoutMs,
          ...(deps.redact ? { redact: deps.redact } : {}),
        }),
      );
      if (read.ok) return ok({ ...read.value, output: boundOutput(read.value.output) });
      // No status: the API server never answered, which is kubegate's trouble rather than the command's.
      return read.error.status === undefined
        ? err({ code: 'unavailable', reason: read.error.message })
        : err({ code: 'command_failed', command, reason: read.error.message });
    },
  };
}
