import {
  Observable,
  PatchStrategy,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/** Per-request settings client-node takes as middleware: a content type for patches, a signal for timeouts. */
export function requestOptions(opts: {
  signal?: AbortSignal | undefined;
  patch?: 'json' | 'merge' | 'strategic';
}): ConfigurationOptions {
  const { signal, patch } = opts;
  const middleware: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      if (signal) context.setSignal(signal);
      if (patch) context.setHeaderParam('Content-Type', PATCH_TYPES[patch]);
      return new Observable(Promise.resolve(context));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

const PATCH_TYPES = {
  json: PatchStrategy.JsonPatch,
  merge: PatchStrategy.MergePatch,
  strategic: PatchStrategy.StrategicMergePatch,
} as const;

/** The server-side dry-run mode: every stage (admission, validation) runs, nothing is persisted. */
export const DRY_RUN = 'All';
