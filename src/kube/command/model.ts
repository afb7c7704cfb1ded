/** Every Kubernetes resource kind kubegate can name; the lists below narrow it per verb. */
export type Kind =
  | 'pod'
  | 'deployment'
  | 'replicaset'
  | 'statefulset'
  | 'daemonset'
  | 'service'
  | 'node'
  | 'namespace'
  | 'event'
  | 'configmap'
  | 'job'
  | 'cronjob';

export type DescribeKind = 'pod' | 'deployment' | 'node' | 'service';
export type DeleteKind = 'pod' | 'deployment' | 'statefulset' | 'daemonset' | 'service' | 'job';
export type ScaleKind = 'deployment' | 'statefulset' | 'replicaset';
export type RolloutKind = 'deployment' | 'statefulset' | 'daemonset';
export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';

/** `namespace: null` means all namespaces (`-A`) for a namespaced kind, or a cluster-scoped kind. */
export type GetOperation = {
  verb: 'get';
  kind: Kind;
  namespace: string | null;
  name?: string;
  labelSelector?: string;
  fieldSelector?: string;
  output: OutputFormat;
};

export type DescribeOperation = {
  verb: 'describe';
  kind: DescribeKind;
  namespace: string | null;
  name: string;
};

export type LogsOperation = {
  verb: 'logs';
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
  previous: boolean;
  sinceSeconds?: number;
};

/** A delete names exactly one object or one label selector, never both: `'name' in op` tells which. */
export type DeleteOperation = {
  verb: 'delete';
  kind: DeleteKind;
  namespace: string;
  gracePeriodSeconds?: number;
} & ({ name: string } | { labelSelector: string });

export type ScaleOperation = {
  verb: 'scale';
  kind: ScaleKind;
  namespace: string;
  name: string;
  replicas: number;
  currentReplicas?: number;
};

type RolloutTarget = { verb: 'rollout'; kind: RolloutKind; namespace: string; name: string };
export type RolloutOperation =
  | (RolloutTarget & { action: 'restart' })
  | (RolloutTarget & { action: 'undo'; toRevision?: number })
  | (RolloutTarget & { action: 'status'; timeoutSeconds?: number })
  | (RolloutTarget & { action: 'history'; revision?: number });

export type NodeOperation = { verb: 'cordon' | 'uncordon'; node: string };

/** A parsed, validated kubectl command; an executor switches on `verb` (and `action` for rollout). */
export type KubeOperation =
  | GetOperation
  | DescribeOperation
  | LogsOperation
  | DeleteOperation
  | ScaleOperation
  | RolloutOperation
  | NodeOperation;

export type Verb = KubeOperation['verb'];

/** The operations that change the cluster; `classify` (classify.ts) is the one rule that tells them apart. */
export type MutatingOperation =
  | DeleteOperation
  | ScaleOperation
  | Extract<RolloutOperation, { action: 'restart' | 'undo' }>
  | NodeOperation;
export type ReadOperation = Exclude<KubeOperation, MutatingOperation>;

/**
 * Why a command string was refused. `unsafe_input`: shell syntax or hidden characters; `invalid_command`: malformed;
 * `unsupported_command`: outside the allowlist (`supported` says what is in it); `forbidden_command`: deliberately never allowed.
 */
export type CommandError =
  | { code: 'unsafe_input'; command: string; reason: string; column: number }
  | { code: 'invalid_command'; command: string; reason: string }
  | { code: 'unsupported_command'; command: string; reason: string; supported: string }
  | { code: 'forbidden_command'; command: string; reason: string };

/** A CommandError before the command text is attached (inner parsers never see the whole input). */
export type Refusal = CommandError extends infer E
  ? E extends CommandError
    ? Omit<E, 'command'>
    : never
  : never;

export const invalid = (reason: string): Refusal => ({ code: 'invalid_command', reason });
export const forbidden = (reason: string): Refusal => ({ code: 'forbidden_command', reason });
export const unsupported = (reason: string, supported: string): Refusal => ({
  code: 'unsupported_command',
  reason,
  supported,
});
