import type { Cluster } from '../../api/cluster.ts';
import type { MutatingOperation } from '../../command/model.ts';
import type { KubeFailure } from '../../api/errors.ts';
import { err, ok, type Result } from '../../../approvals/result.ts';

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
  /** The deadline the caller set, so a timeout's message can say how long kubegate waited. */
  readonly timeoutMs?: number;
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

/**
 * Why a mutation did not happen, as a value. `refused`: the target cannot be acted on as proposed (missing,
 * precondition unmet), so the proposal is refused with 422. `target_changed`: the target is gone or is no longer the
 * object approvers saw, so acting on it would act on something unapproved. `api_failed`: the API server refused
 * the request or never answered. `cause` keeps the failure a refusal or a change was recognised from.
 */
export type MutationError =
  | { readonly code: 'refused'; readonly message: string; readonly cause?: KubeFailure }
  | TargetChanged
  | ApiFailed;
export type TargetChanged = {
  readonly code: 'target_changed';
  readonly message: string;
  readonly cause?: KubeFailure;
};
export type ApiFailed = { readonly code: 'api_failed'; readonly failure: KubeFailure };

/** What a change (or its dry run) can meet: by then a missing target is a changed one, never a refusal. */
export type ApplyError = TargetChanged | ApiFailed;

export type Mutation<T, E extends MutationError = MutationError> = Promise<Result<T, E>>;

export const refused = (message: string, cause?: KubeFailure): MutationError => ({
  code: 'refused',
  message,
  ...(cause ? { cause } : {}),
});
export const targetChanged = (message: string, cause?: KubeFailure): TargetChanged => ({
  code: 'target_changed',
  message,
  ...(cause ? { cause } : {}),
});
export const apiFailed = (failure: KubeFailure): ApiFailed => ({ code: 'api_failed', failure });

/** How a target that is missing, or not as proposed, is reported: a refusal at proposal time, a change at execution. */
export type Refusal<E extends MutationError> = (message: string, cause?: KubeFailure) => E;

type FieldTypes = { string: string; number: number };

/** The facts an approval recorded about its target; one missing means the record is not the one approved. */
export function expected<S extends Readonly<Record<string, keyof FieldTypes>>>(
  expect: Expectation,
  shape: S,
): Result<{ readonly [K in keyof S]: FieldTypes[S[K]] }, TargetChanged> {
  const found: Record<string, string | number> = {};
  for (const [key, type] of Object.entries(shape)) {
    const value = expect[key];
    if (typeof value !== type) return err(targetChanged(`the approval does not record the target's ${key}`));
    if (value !== undefined) found[key] = value;
  }
  return ok(found as { readonly [K in keyof S]: FieldTypes[S[K]] });
}
