import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { isNotFound } from '../../api/errors.ts';
import type { RolloutKind } from '../../command/model.ts';
import { requestOptions } from '../../api/request-options.ts';
import { DRY_RUN, PreflightRefusal, TargetChanged, type MutationContext } from './types.ts';

export type Workload = V1Deployment | V1StatefulSet | V1DaemonSet;
type Target = { readonly kind: RolloutKind; readonly name: string; readonly namespace: string };
export type JsonPatchOp = { op: 'test' | 'add' | 'replace' | 'remove'; path: string; value?: unknown };

export function readWorkload(t: Target, ctx: MutationContext): Promise<Workload> {
  const options = requestOptions(ctx.signal ? { signal: ctx.signal } : {});
  const target = { name: t.name, namespace: t.namespace };
  switch (t.kind) {
    case 'deployment':
      return ctx.cluster.apps.readNamespacedDeployment(target, options);
    case 'statefulset':
      return ctx.cluster.apps.readNamespacedStatefulSet(target, options);
    case 'daemonset':
      return ctx.cluster.apps.readNamespacedDaemonSet(target, options);
  }
}

/** At proposal time a missing workload refuses the proposal; at execution it means the target changed. */
export async function readWorkloadOr(
  t: Target,
  ctx: MutationContext,
  phase: 'preflight' | 'execute',
): Promise<Workload> {
  try {
    return await readWorkload(t, ctx);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const message = `${t.kind} ${t.name} does not exist in namespace ${t.namespace}`;
    throw phase === 'preflight' ? new PreflightRefusal(message) : new TargetChanged(message);
  }
}

/**
 * A JSON patch whose first operation tests the uid: the API server applies all of it or none, so the change
 * lands only on the very object approvers saw.
 */
export async function patchWorkload(
  t: Target,
  uid: string,
  ops: readonly JsonPatchOp[],
  ctx: MutationContext,
  dryRun: boolean,
): Promise<void> {
  const body = [{ op: 'test', path: '/metadata/uid', value: uid }, ...ops];
  const request = { name: t.name, namespace: t.namespace, body, ...(dryRun ? { dryRun: DRY_RUN } : {}) };
  const options = requestOptions({ patch: 'json', ...(ctx.signal ? { signal: ctx.signal } : {}) });
  switch (t.kind) {
    case 'deployment':
      await ctx.cluster.apps.patchNamespacedDeployment(request, options);
      return;
    case 'statefulset':
      await ctx.cluster.apps.patchNamespacedStatefulSet(request, options);
      return;
    case 'daemonset':
      await ctx.cluster.apps.patchNamespacedDaemonSet(request, options);
      return;
  }
}

/** JSON pointer escaping (RFC 6901) for annotation keys such as `kubectl.kubernetes.io/restartedAt`. */
export const pointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

export function uidOf(w: Workload): string {
  const uid = w.metadata?.uid;
  if (uid === undefined) throw new Error('the API returned a workload without a uid');
  return uid;
}

export const imagesOf = (w: {
  spec?: { template?: { spec?: { containers?: readonly { image?: string }[] } } };
}): string => (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '?').join(', ');
