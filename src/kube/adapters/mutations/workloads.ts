import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { err, type Result } from '../../../approvals/result.ts';
import {
  patchAppsObject,
  readAppsObject,
  type AppsKind,
  type AppsObjects,
  type JsonPatchOp,
} from '../../api/apps.ts';
import { sendGuardedPatch } from './guarded-patch.ts';
import {
  apiFailed,
  type ApiFailed,
  type ApplyError,
  type MutationContext,
  type MutationError,
  type Refusal,
} from './types.ts';

export type { JsonPatchOp };
export type Workload = V1Deployment | V1StatefulSet | V1DaemonSet;
type Target<K extends AppsKind> = { readonly kind: K; readonly name: string; readonly namespace: string };

/** Reads the apps/v1 object a scale or rollout names; a missing one is reported as `refuse` says. */
export async function readTarget<K extends AppsKind, E extends MutationError>(
  t: Target<K>,
  ctx: MutationContext,
  refuse: Refusal<E>,
): Promise<Result<AppsObjects[K], E | ApiFailed>> {
  const read = await readAppsObject(ctx.cluster, t.kind, { name: t.name, namespace: t.namespace }, ctx);
  if (read.ok) return read;
  if (read.error.status !== 404) return err(apiFailed(read.error));
  return err(refuse(`${t.kind} ${t.name} does not exist in namespace ${t.namespace}`, read.error));
}

/**
 * A JSON patch whose first operation tests the uid: the API server applies all of it or none, so the change
 * lands only on the very object approvers saw (see sendGuardedPatch for a test that fails).
 */
export function patchTarget(
  t: Target<AppsKind>,
  uid: string,
  ops: readonly JsonPatchOp[],
  ctx: MutationContext,
  dryRun: boolean,
): Promise<Result<void, ApplyError>> {
  const named = { name: t.name, namespace: t.namespace };
  const body = [{ op: 'test' as const, path: '/metadata/uid', value: uid }, ...ops];
  return sendGuardedPatch({
    what: `${t.kind} ${t.name}`,
    ops: body,
    send: () => patchAppsObject(ctx.cluster, t.kind, named, { body, dryRun }, ctx),
    reread: () => readAppsObject(ctx.cluster, t.kind, named, ctx),
  });
}

/** JSON pointer escaping (RFC 6901) for annotation keys such as `kubectl.kubernetes.io/restartedAt`. */
export const pointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The uid every write is guarded by; the API server always sets one, so its absence is a bug, thrown. */
export function uidOf(object: { metadata?: { uid?: string } }, kind: string): string {
  const uid = object.metadata?.uid;
  if (uid === undefined) throw new Error(`the API returned a ${kind} without a uid`);
  return uid;
}

export const imagesOf = (w: {
  spec?: { template?: { spec?: { containers?: readonly { image?: string }[] } } };
}): string => (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '?').join(', ');
