import type { V1Node } from '@kubernetes/client-node';
import type { Result } from '../../approvals/result.ts';
import type { Cluster } from './cluster.ts';
import type { JsonPatchOp } from './apps.ts';
import { callApi, type CallOptions, type KubeFailure } from './errors.ts';
import { DRY_RUN, requestOptions } from './request-options.ts';

export function readNode(
  cluster: Cluster,
  name: string,
  call: CallOptions,
): Promise<Result<V1Node, KubeFailure>> {
  return callApi(
    () => cluster.core.readNode({ name }, requestOptions({ signal: call.signal })),
    call.timeoutMs,
  );
}

/** How many pods are bound to a node, whatever their namespace. */
export function countPodsOn(
  cluster: Cluster,
  node: string,
  call: CallOptions,
): Promise<Result<number, KubeFailure>> {
  return callApi(async () => {
    const pods = await cluster.core.listPodForAllNamespaces(
      { fieldSelector: `spec.nodeName=${node}` },
      requestOptions({ signal: call.signal }),
    );
    return pods.items.length;
  }, call.timeoutMs);
}

export function patchNode(
  cluster: Cluster,
  name: string,
  patch: { readonly body: readonly JsonPatchOp[]; readonly dryRun: boolean },
  call: CallOptions,
): Promise<Result<V1Node, KubeFailure>> {
  const request = { name, body: patch.body, ...(patch.dryRun ? { dryRun: DRY_RUN } : {}) };
  return callApi(
    () => cluster.core.patchNode(request, requestOptions({ patch: 'json', signal: call.signal })),
    call.timeoutMs,
  );
}
