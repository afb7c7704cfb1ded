import { assertNever } from '../../approvals/result.ts';
import { canonicalJson } from '../../approvals/canonical-json.ts';
import { isClusterScoped, pluralOf } from './kinds.ts';
import type {
  DeleteOperation,
  GetOperation,
  KubeOperation,
  LogsOperation,
  RolloutOperation,
} from './model.ts';

/**
 * The one canonical kubectl spelling of an operation, shown to approvers. Parsing it gives the same operation back,
 * so what a human reads is exactly what runs.
 */
export function describeOperation(op: KubeOperation): string {
  return ['kubectl', ...renderWords(op)].map(quoteWord).join(' ');
}

function renderWords(op: KubeOperation): string[] {
  switch (op.verb) {
    case 'get':
      return renderGet(op);
    case 'describe':
      return ['describe', op.kind, op.name, ...namespaceWords(op.namespace)];
    case 'logs':
      return renderLogs(op);
    case 'delete':
      return renderDelete(op);
    case 'scale':
      return [
        'scale',
        op.kind,
        op.name,
        '-n',
        op.namespace,
        `--replicas=${op.replicas}`,
        ...optionWord('--current-replicas', op.currentReplicas),
      ];
    case 'rollout':
      return renderRollout(op);
    case 'cordon':
    case 'uncordon':
      return [op.verb, op.node];
    default:
      return assertNever(op);
  }
}

function renderGet(op: GetOperation): string[] {
  const allNamespaces = op.namespace === null && !isClusterScoped(op.kind);
  return [
    'get',
    ...(op.name === undefined ? [pluralOf(op.kind)] : [op.kind, op.name]),
    ...(allNamespaces ? ['-A'] : namespaceWords(op.namespace)),
    ...(op.labelSelector === undefined ? [] : ['-l', op.labelSelector]),
    ...(op.fieldSelector === undefined ? [] : ['--field-selector', op.fieldSelector]),
    ...(op.output === 'table' ? [] : ['-o', op.output]),
  ];
}

function renderLogs(op: LogsOperation): string[] {
  return [
    'logs',
    op.pod,
    '-n',
    op.namespace,
    ...(op.container === undefined ? [] : ['-c', op.container]),
    ...optionWord('--tail', op.tailLines),
    ...(op.previous ? ['--previous'] : []),
    ...(op.sinceSeconds === undefined ? [] : [`--since=${op.sinceSeconds}s`]),
  ];
}

function renderDelete(op: DeleteOperation): string[] {
  const target = 'name' in op ? [op.kind, op.name] : [pluralOf(op.kind), '-l', op.labelSelector];
  return ['delete', ...target, '-n', op.namespace, ...optionWord('--grace-period', op.gracePeriodSeconds)];
}

function renderRollout(op: RolloutOperation): string[] {
  const head = ['rollout', op.action, `${op.kind}/${op.name}`, '-n', op.namespace];
  switch (op.action) {
    case 'restart':
      return head;
    case 'undo':
      return [...head, ...optionWord('--to-revision', op.toRevision)];
    case 'status':
      return [...head, ...(op.timeoutSeconds === undefined ? [] : [`--timeout=${op.timeoutSeconds}s`])];
    case 'history':
      return [...head, ...optionWord('--revision', op.revision)];
    default:
      return assertNever(op);
  }
}

function namespaceWords(namespace: string | null): string[] {
  return namespace === null ? [] : ['-n', namespace];
}

function optionWord(flag: string, value: number | undefined): string[] {
  return value === undefined ? [] : [`${flag}=${value}`];
}

// Only selectors can hold spaces or parentheses; single quotes keep the rendering one pasteable shell command.
function quoteWord(word: string): string {
  return /^[A-Za-z0-9._/=:,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Canonical JSON of the operation (keys sorted at every depth) for the caller to hash: equal operations, equal text. */
export function operationDigestInput(op: KubeOperation): string {
  return canonicalJson(op);
}
