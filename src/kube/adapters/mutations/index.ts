import { assertNever } from '../../../approvals/result.ts';
import { applyDelete, inspectDelete } from './delete.ts';
import { applyNode, inspectNode } from './node.ts';
import { applyRestart, applyUndo, inspectRestart, inspectUndo } from './rollout.ts';
import { applyScale, inspectScale } from './scale.ts';
import type {
  ApplyError,
  Expectation,
  Inspection,
  MutatingOperation,
  Mutation,
  MutationContext,
} from './types.ts';

export type {
  ApplyError,
  Expectation,
  Inspection,
  MutatingOperation,
  MutationContext,
  MutationError,
} from './types.ts';

/** Proposal time: the target exists, and a preview of what will happen to it. */
export function inspect(op: MutatingOperation, ctx: MutationContext): Mutation<Inspection> {
  switch (op.verb) {
    case 'delete':
      return inspectDelete(op, ctx);
    case 'scale':
      return inspectScale(op, ctx);
    case 'rollout':
      return op.action === 'restart' ? inspectRestart(op, ctx) : inspectUndo(op, ctx);
    case 'cordon':
    case 'uncordon':
      return inspectNode(op, ctx);
    default:
      return assertNever(op);
  }
}

/** Performs the change (or its server-side dry run), only on the target approvers saw. */
export function apply(
  op: MutatingOperation,
  ctx: MutationContext,
  expect: Expectation,
  dryRun: boolean,
  now: Date,
): Mutation<string, ApplyError> {
  switch (op.verb) {
    case 'delete':
      return applyDelete(op, ctx, expect, dryRun);
    case 'scale':
      return applyScale(op, ctx, expect, dryRun);
    case 'rollout':
      return op.action === 'restart'
        ? applyRestart(op, ctx, expect, dryRun, now)
        : applyUndo(op, ctx, expect, dryRun);
    case 'cordon':
    case 'uncordon':
      return applyNode(op, ctx, expect, dryRun);
    default:
      return assertNever(op);
  }
}
