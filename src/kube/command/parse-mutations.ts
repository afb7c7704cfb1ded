import { err, ok, type Result } from '../../approvals/result.ts';
import { checkFlags, type FlagName, isOn } from './flags.ts';
import {
  type DeleteKind,
  type DeleteOperation,
  invalid,
  type NodeOperation,
  type Refusal,
  type RolloutKind,
  type RolloutOperation,
  type ScaleKind,
  type ScaleOperation,
  unsupported,
} from './model.ts';
import { type Call, checkOptionalName, readNamedTarget, readTarget, resolveKindFor } from './target.ts';
import { checkName, checkSelector, parseCount, parseDuration, quote } from './values.ts';

const DELETE_KINDS: readonly DeleteKind[] = [
  'pod',
  'deployment',
  'statefulset',
  'daemonset',
  'service',
  'job',
];
const SCALE_KINDS: readonly ScaleKind[] = ['deployment', 'statefulset', 'replicaset'];
const ROLLOUT_KINDS: readonly RolloutKind[] = ['deployment', 'statefulset', 'daemonset'];
const MAX_REPLICAS = 1000;
const MAX_COUNT = 1_000_000;

export function parseDelete(call: Call): Result<DeleteOperation, Refusal> {
  const allowed = checkFlags('delete', call.flags, ['namespace', 'selector', 'grace-period', 'now']);
  if (!allowed.ok) return allowed;
  const target = readTarget('delete', call.rest);
  if (!target.ok) return target;
  if (target.value === null) return err(invalid('delete needs a resource type: kubectl delete pod NAME'));
  const kind = resolveKindFor('delete', target.value.type, DELETE_KINDS);
  if (!kind.ok) return kind;
  const name = checkOptionalName(kind.value, target.value.name);
  if (!name.ok) return name;
  const grace = readGracePeriod(call);
  if (!grace.ok) return grace;
  const base = {
    verb: 'delete' as const,
    kind: kind.value,
    namespace: call.namespace,
    ...(grace.value === undefined ? {} : { gracePeriodSeconds: grace.value }),
  };
  const selector = call.flags.selector;
  if (name.value !== undefined && selector !== undefined) {
    return err(invalid(`delete takes a name (${quote(name.value)}) or a -l selector, not both`));
  }
  if (name.value !== undefined) return ok({ ...base, name: name.value });
  if (selector === undefined) {
    return err(invalid(`delete needs a name or a -l selector: kubectl delete ${kind.value} NAME`));
  }
  const checked = checkSelector('-l/--selector', selector, 'label');
  return checked.ok ? ok({ ...base, labelSelector: checked.value }) : checked;
}

function readGracePeriod({ flags }: Call): Result<number | undefined, Refusal> {
  const given = flags['grace-period'];
  if (given !== undefined && flags.now !== undefined) {
    return err(invalid('--now and --grace-period contradict each other; give one of them'));
  }
  if (isOn(flags, 'now')) return ok(1);
  if (given === undefined) return ok(undefined);
  const seconds = parseCount('--grace-period', given, 0, MAX_COUNT);
  // As kubectl does: 0 without --force becomes 1, so a delete never bypasses graceful termination.
  return seconds.ok && seconds.value === 0 ? ok(1) : seconds;
}

export function parseScale(call: Call): Result<ScaleOperation, Refusal> {
  const { flags } = call;
  const allowed = checkFlags('scale', flags, ['namespace', 'replicas', 'current-replicas']);
  if (!allowed.ok) return allowed;
  const target = readNamedTarget(call, 'kubectl scale deployment NAME --replicas=N');
  if (!target.ok) return target;
  const kind = resolveKindFor('scale', target.value.type, SCALE_KINDS);
  if (!kind.ok) return kind;
  const name = checkName(`${kind.value} name`, target.value.name);
  if (!name.ok) return name;
  if (flags.replicas === undefined) return err(invalid('scale needs --replicas=N'));
  const replicas = parseCount('--replicas', flags.replicas, 0, MAX_REPLICAS);
  if (!replicas.ok) return replicas;
  const current = flags['current-replicas'];
  const precondition =
    current === undefined ? ok(undefined) : parseCount('--current-replicas', current, 0, MAX_COUNT);
  if (!precondition.ok) return precondition;
  return ok({
    verb: 'scale',
    kind: kind.value,
    namespace: call.namespace,
    name: name.value,
    replicas: replicas.value,
    ...(precondition.value === undefined ? {} : { currentReplicas: precondition.value }),
  });
}

type RolloutAction = RolloutOperation['action'];
const ROLLOUT_FLAGS: Readonly<Record<RolloutAction, readonly FlagName[]>> = {
  restart: ['namespace'],
  undo: ['namespace', 'to-revision'],
  status: ['namespace', 'timeout'],
  history: ['namespace', 'revision'],
};
const ROLLOUT_ACTIONS = Object.keys(ROLLOUT_FLAGS) as readonly RolloutAction[];

export function parseRollout(call: Call): Result<RolloutOperation, Refusal> {
  const [word, ...rest] = call.rest;
  const action = ROLLOUT_ACTIONS.find((a) => a === word);
  const supported = ROLLOUT_ACTIONS.join(', ');
  if (word === undefined) return err(unsupported(`rollout needs an action: ${supported}`, supported));
  if (action === undefined) {
    return err(unsupported(`rollout ${quote(word)} is not supported; rollout takes ${supported}`, supported));
  }
  const verb = `rollout ${action}`;
  const allowed = checkFlags(verb, call.flags, ROLLOUT_FLAGS[action]);
  if (!allowed.ok) return allowed;
  const target = readNamedTarget({ ...call, verb, rest }, `kubectl ${verb} deployment/NAME`);
  if (!target.ok) return target;
  const kind = resolveKindFor(verb, target.value.type, ROLLOUT_KINDS);
  if (!kind.ok) return kind;
  const name = checkName(`${kind.value} name`, target.value.name);
  if (!name.ok) return name;
  const base = { verb: 'rollout' as const, kind: kind.value, namespace: call.namespace, name: name.value };
  return withRolloutOptions(base, action, call);
}

type RolloutBase = Omit<RolloutOperation, 'action'>;

function withRolloutOptions(
  base: RolloutBase,
  action: RolloutAction,
  { flags }: Call,
): Result<RolloutOperation, Refusal> {
  switch (action) {
    case 'restart':
      return ok({ ...base, action });
    case 'undo': {
      // Revision 0 means "the previous one", the same as no flag: one spelling keeps the digest stable.
      const to = readRevision('--to-revision', flags['to-revision']);
      return to.ok
        ? ok({ ...base, action, ...(to.value === undefined ? {} : { toRevision: to.value }) })
        : to;
    }
    case 'status': {
      const given = flags.timeout;
      const timeout = given === undefined ? ok(undefined) : parseDuration('--timeout', given);
      return timeout.ok
        ? ok({ ...base, action, ...(timeout.value === undefined ? {} : { timeoutSeconds: timeout.value }) })
        : timeout;
    }
    case 'history': {
      // Revision 0 lists every revision, the same as no flag.
      const revision = readRevision('--revision', flags.revision);
      return revision.ok
        ? ok({ ...base, action, ...(revision.value === undefined ? {} : { revision: revision.value }) })
        : revision;
    }
  }
}

function readRevision(flag: string, given: string | undefined): Result<number | undefined, Refusal> {
  if (given === undefined) return ok(undefined);
  const n = parseCount(flag, given, 0, MAX_COUNT);
  return n.ok && n.value === 0 ? ok(undefined) : n;
}

export function parseNodeCommand(verb: 'cordon' | 'uncordon', call: Call): Result<NodeOperation, Refusal> {
  // -n is accepted and ignored, as kubectl ignores it: nodes belong to no namespace.
  const allowed = checkFlags(verb, call.flags, ['namespace']);
  if (!allowed.ok) return allowed;
  const [word, ...more] = call.rest;
  if (word === undefined) return err(invalid(`${verb} needs a node name: kubectl ${verb} NODE`));
  if (more.length > 0) {
    return err(invalid(`${verb} takes one node per command, got ${call.rest.map(quote).join(', ')}`));
  }
  const slash = word.indexOf('/');
  if (slash >= 0) {
    const kind = resolveKindFor(verb, word.slice(0, slash), ['node']);
    if (!kind.ok) return kind;
  }
  const node = checkName('node name', word.slice(slash + 1));
  return node.ok ? ok({ verb, node: node.value }) : node;
}
