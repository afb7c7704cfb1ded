import type { Cluster } from '../../api/cluster.ts';
import type { MutatingOperation } from '../../command/model.ts';

export type { MutatingOperation };
import type { RiskFacts } from '../../command/risk.ts';

/** What the target looked like when the proposal was made; execution refuses to act if it differs. */
export type Expectation = Readonly<Record<string, string | number>>;

/**
 * The proposal-time answer for one mutating command: what approvers are shown, what must still hold, and the
 * live facts the risk rating depends on.
 */
export type Inspection = {
  readonly preview: string;
  readonly expect: Expectation;
  readonly facts?: RiskFacts;
};

export type MutationContext = {
  readonly cluster: Cluster;
  readonly signal?: AbortSignal;
  /** The approval being executed: the change also stamps it on the object (absent for proposal-time dry runs). */
  readonly approvalId?: string;
};

/** The annotation naming the last approval that changed an object, so `kubectl describe` leads back to it. */
export const APPROVAL_ANNOTATION = 'kubegate.io/approval';

/**
 * JSON-patch operations that set APPROVAL_ANNOTATION in the same request as the change, so the object never shows
 * the change without its approval (or the reverse). `annotations` is the object's map as just read: JSON patch
 * cannot add a key under a missing map.
 */
export function approvalAnnotationOps(
  annotations: Readonly<Record<string, string>> | undefined,
  approvalId: string | undefined,
): { op: 'add'; path: string; value: unknown }[] {
  if (approvalId === undefined) return [];
  if (annotations === undefined)
    return [{ op: 'add', path: '/metadata/annotations', value: { [APPROVAL_ANNOTATION]: approvalId } }];
  return [
    { op: 'add', path: `/metadata/annotations/${APPROVAL_ANNOTATION.replace('/', '~1')}`, value: approvalId },
  ];
}

/** The target is gone or is no longer the object approvers saw: acting on it would act on something unapproved. */
export class TargetChanged extends Error {
  override readonly name = 'TargetChanged';
}

/** The target cannot be acted on as proposed (missing, precondition unmet): the proposal is refused with 422. */
export class PreflightRefusal extends Error {
  override readonly name = 'PreflightRefusal';
}

export function expectString(expect: Expectation, key: string): string {
  const value = expect[key];
  if (typeof value !== 'string') throw new TargetChanged(`the approval does not record the target's ${key}`);
  return value;
}

export function expectNumber(expect: Expectation, key: string): number {
  const value = expect[key];
  if (typeof value !== 'number') throw new TargetChanged(`the approval does not record the target's ${key}`);
  return value;
}

export const DRY_RUN = 'All';
