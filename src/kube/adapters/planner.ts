import { createHash } from 'node:crypto';
import type { PlannedCommand } from '../../approvals/model.ts';
import type { ServiceError } from '../../approvals/errors.ts';
import type { Plan, Planner } from '../../approvals/ports.ts';
import type { ProposalInput } from '../../approvals/proposal-schema.ts';
import { err, ok, type Result } from '../../approvals/result.ts';
import type { Cluster } from '../api/cluster.ts';
import {
  describeOperation,
  isMutating,
  operationDigestInput,
  parseCommand,
  type CommandError,
  type KubeOperation,
} from '../command/parse.ts';
import { classify } from '../command/classify.ts';
import { withDeadline } from '../api/deadline.ts';
import {
  apply,
  inspect,
  type MutatingOperation,
  type MutationContext,
  type MutationError,
} from './mutations/index.ts';
import { assessRisk, type RiskFacts } from '../command/risk.ts';

export type KubePlannerDeps = {
  readonly cluster: Cluster;
  readonly protectedNamespaces: readonly string[];
  readonly timeoutMs: number;
};

/** The namespace a command without -n runs in: the proposal's metadata.namespace, else `default`. */
export const defaultNamespaceOf = (metadata: { namespace?: string | undefined }): string =>
  metadata.namespace ?? 'default';

/** Where an operation really runs: its namespace, or null for a node or an all-namespaces read. */
export function namespaceOf(op: KubeOperation): string | null {
  return 'namespace' in op ? op.namespace : null;
}

/** The resource kind an operation acts on, as policy rules name it (`logs` reads a pod; cordon acts on a node). */
export function kindOf(op: KubeOperation): string {
  if ('kind' in op) return op.kind;
  return op.verb === 'logs' ? 'pod' : 'node';
}

/** Parses every command the same way at proposal and at execution. */
export function parseAll(
  commands: readonly { command: string }[],
  defaultNamespace: string,
): Result<KubeOperation[], ServiceError> {
  const ops: KubeOperation[] = [];
  for (const { command } of commands) {
    const parsed = parseCommand(command, { defaultNamespace });
    if (!parsed.ok) return err(toCommandRefusal(parsed.error));
    ops.push(parsed.value);
  }
  return ok(ops);
}

/** Binds an approval to exactly these operations: the same verbs, kinds, namespaces, names and arguments. */
export const digestOperations = (ops: readonly KubeOperation[]): string =>
  `sha256:${createHash('sha256')
    .update(JSON.stringify(ops.map(operationDigestInput)))
    .digest('hex')}`;

/**
 * Proposal time: kubegate parses each command, judges its risk itself, and checks every change against the live
 * cluster (target exists, server-side dry run passes) so approvers see what will really happen.
 */
export function createKubePlanner(deps: KubePlannerDeps): Planner {
  return {
    async plan(input: ProposalInput): Promise<Result<Plan, ServiceError>> {
      const parsed = parseAll(input.commands, defaultNamespaceOf(input.metadata));
      if (!parsed.ok) return parsed;
      // Each command is previewed against the live cluster as it is now (a dry run does not see the commands before
      // it), so the previews are independent: they run side by side, a few at a time, and a proposal of several
      // commands waits for the slowest rather than for the sum. The first failing command, in order, is reported.
      const previews = await mapBounded(parsed.value, PREVIEWS_AT_ONCE, (op) => preflight(op, deps));
      const commands: PlannedCommand[] = [];
      for (const [i, op] of parsed.value.entries()) {
        const proposed = input.commands[i];
        const checked = previews[i];
        if (!proposed || !checked) continue;
        if (!checked.ok) return err(withCommand(checked.error, proposed.command));
        const { facts, ...shown } = checked.value;
        // Rated after the preflight: whether a deleted pod comes back, or how far a scale goes, is a live fact.
        const { risk, reasons } = assessRisk(op, proposed.safety_level, deps, facts);
        commands.push({
          command: proposed.command,
          explanation: proposed.explanation,
          safetyLevel: proposed.safety_level,
          risk,
          riskReasons: reasons,
          verb: op.verb,
          kind: kindOf(op),
          canonical: describeOperation(op),
          namespace: namespaceOf(op),
          readOnly: !isMutating(op),
          ...shown,
        });
      }
      return ok({ commands, digest: digestOperations(parsed.value) });
    },
  };
}

/** How many previews of one proposal run at once (a proposal has at most MAX_COMMANDS commands). */
const PREVIEWS_AT_ONCE = 4;

/** `items.map(fn)` with at most `limit` calls in flight, results in the items' order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type Checked = { preview?: string; expect?: Readonly<Record<string, string | number>>; facts?: RiskFacts };

async function preflight(op: KubeOperation, deps: KubePlannerDeps): Promise<Result<Checked, ServiceError>> {
  const classified = classify(op);
  if (!('mutation' in classified)) return ok({});
  const { mutation } = classified;
  // A preview is read-only (reads and a dry run), so it is inspected again from scratch when the target moved
  // between kubegate's read and the dry run (a 409, or a tested value that no longer holds: an HPA scaling under an
  // alert storm does that routinely) or a kept-alive connection was closed under it. Approvers then see the latest
  // state, and a preview is always consistent with itself.
  for (let attempt = 1; ; attempt++) {
    const previewed = await withDeadline(deps.timeoutMs, (signal) =>
      preview(mutation, { cluster: deps.cluster, signal, timeoutMs: deps.timeoutMs }),
    );
    if (previewed.ok) return previewed;
    if (attempt < PREFLIGHT_ATTEMPTS && isTransient(previewed.error)) continue;
    return err(toPreflightError(previewed.error));
  }
}

const PREFLIGHT_ATTEMPTS = 3;

async function preview(
  mutation: MutatingOperation,
  ctx: MutationContext,
): Promise<Result<Checked, MutationError>> {
  const found = await inspect(mutation, ctx);
  if (!found.ok) return found;
  const dryRun = await apply(mutation, ctx, found.value.expect, true, new Date());
  return dryRun.ok ? found : dryRun;
}

function isTransient(e: MutationError): boolean {
  switch (e.code) {
    case 'refused':
      return false;
    case 'target_changed':
      return true;
    case 'api_failed':
      return (
        e.failure.status === 409 ||
        (e.failure.status === undefined && !e.failure.message.includes('did not answer'))
      );
  }
}

function toPreflightError(e: MutationError): ServiceError {
  switch (e.code) {
    case 'refused':
      return { code: 'preflight_failed', command: '', reason: e.message };
    case 'target_changed':
      return {
        code: 'preflight_failed',
        command: '',
        reason: `the target kept changing while it was previewed: ${e.message}`,
      };
    case 'api_failed':
      return e.failure.status === undefined
        ? { code: 'unavailable', reason: e.failure.message }
        : {
            code: 'preflight_failed',
            command: '',
            reason: `the server-side dry run failed: ${e.failure.message}`,
          };
  }
}

function withCommand(error: ServiceError, command: string): ServiceError {
  return error.code === 'preflight_failed' ? { ...error, command } : error;
}

export function toCommandRefusal(e: CommandError): ServiceError {
  const supported = e.code === 'unsupported_command' ? ` (supported: ${e.supported})` : '';
  return { code: 'invalid_command', command: e.command, reason: `${e.reason}${supported}` };
}
