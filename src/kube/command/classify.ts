import type { KubeOperation, MutatingOperation, ReadOperation } from './model.ts';

/**
 * The one rule that splits operations into changes (approval needed) and reads (run at once): get, describe, logs,
 * rollout status and rollout history read; everything else changes the cluster.
 */
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

export const isMutating = (op: KubeOperation): boolean => 'mutation' in classify(op);
