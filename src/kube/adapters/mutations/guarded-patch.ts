import { err, ok, type Result } from '../../../approvals/result.ts';
import type { JsonPatchOp } from '../../api/apps.ts';
import type { KubeFailure } from '../../api/errors.ts';
import { apiFailed, targetChanged, type ApplyError } from './types.ts';

export type GuardedPatch = {
  /** How messages name the target: `deployment api-service`. */
  readonly what: string;
  /** The patch: its `test` operations (the uid first, then what approvers saw) guard the rest. */
  readonly ops: readonly JsonPatchOp[];
  readonly send: () => Promise<Result<unknown, KubeFailure>>;
  readonly reread: () => Promise<Result<object, KubeFailure>>;
};

/**
 * Sends a JSON patch guarded by `test` operations: the API server applies all of it or none. A failed test is
 * answered 422, as a genuinely invalid request is, and its message is free text. So a 422 is judged by reading the
 * target again: if a value the patch tested no longer holds, the target moved between kubegate's read and this
 * request (an HPA or another client wrote meanwhile), which is a change of the target, not an invalid request.
 * If every tested value still holds, the request itself was refused, and that refusal is what is reported.
 */
export async function sendGuardedPatch(patch: GuardedPatch): Promise<Result<void, ApplyError>> {
  const sent = await patch.send();
  if (sent.ok) return ok(undefined);
  if (sent.error.status !== 422) return err(apiFailed(sent.error));
  const fresh = await patch.reread();
  if (!fresh.ok) {
    return err(
      fresh.error.status === 404
        ? targetChanged(`${patch.what} no longer exists`, sent.error)
        : apiFailed(sent.error),
    );
  }
  for (const test of patch.ops.filter((op) => op.op === 'test')) {
    const now = shown(valueAt(fresh.value, test.path));
    const tested = shown(test.value);
    if (now !== tested) {
      const message = `${patch.what} changed as the request was sent: ${test.path} is now ${now}, not ${tested}`;
      return err(targetChanged(message, sent.error));
    }
  }
  return err(apiFailed(sent.error));
}

/** RFC 6901: the value a JSON pointer names, or undefined where the path ends early. */
function valueAt(document: object, pointer: string): unknown {
  let at: unknown = document;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

// JSON.stringify(undefined) is undefined, whatever its declared type says.
const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
