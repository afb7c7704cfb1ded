import type { KubeOperation } from './model.ts';
import type { MutatingOperation } from './mutations/types.ts';

export type ReadOperation = Exclude<KubeOperation, MutatingOperation>;

/** Splits operations into those that change the cluster (approval needed) and those that only read. */
export function classify(
  op: KubeOperation,
): { readonly mutation: MutatingOperation } | { readonly read: ReadOperation } {
  switch (op.verb) {
    case 'get':
    case 'describe':
    case 'logs':
      return { read: op };
    case 'rollout':
      return op.action === 'restart' || op.action === 'undo' ? { mutation: op } : { read: op };
    case 'delete':
    case 'scale':
    case 'cordon':
    case 'uncordon':
      return { mutation: op };
  }
}
