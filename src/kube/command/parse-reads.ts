import { err, ok, type Result } from '../../approvals/result.ts';
import { checkFlags, isOn } from './flags.ts';
import { ALL_KINDS, isClusterScoped, listKinds } from './kinds.ts';
import {
  type DescribeKind,
  type DescribeOperation,
  type GetOperation,
  invalid,
  type LogsOperation,
  type Refusal,
  unsupported,
} from './model.ts';
import { type Call, checkOptionalName, readNamedTarget, readTarget, resolveKindFor } from './target.ts';
import {
  checkLabel,
  checkName,
  checkSelector,
  parseCount,
  parseDuration,
  parseOutput,
  quote,
} from './values.ts';

const DESCRIBE_KINDS: readonly DescribeKind[] = ['pod', 'deployment', 'node', 'service'];
const MAX_TAIL_LINES = 1_000_000;

export function parseGet(call: Call): Result<GetOperation, Refusal> {
  const { flags } = call;
  const allowed = checkFlags('get', flags, [
    'namespace',
    'all-namespaces',
    'selector',
    'field-selector',
    'output',
  ]);
  if (!allowed.ok) return allowed;
  const target = readTarget('get', call.rest);
  if (!target.ok) return target;
  if (target.value === null) return err(unsupported('get needs a resource type', listKinds(ALL_KINDS)));
  const kind = resolveKindFor('get', target.value.type, ALL_KINDS);
  if (!kind.ok) return kind;
  const name = checkOptionalName(kind.value, target.value.name);
  if (!name.ok) return name;
  const conflict = findGetConflict(call, name.value, isClusterScoped(kind.value));
  if (conflict !== null) return err(conflict);
  const selectors = readSelectors(call);
  if (!selectors.ok) return selectors;
  const output = parseOutput(flags.output);
  if (!output.ok) return output;
  const everywhere = isOn(flags, 'all-namespaces') || isClusterScoped(kind.value);
  return ok({
    verb: 'get',
    kind: kind.value,
    namespace: everywhere ? null : call.namespace,
    ...(name.value === undefined ? {} : { name: name.value }),
    ...selectors.value,
    output: output.value,
  });
}

function findGetConflict({ flags }: Call, name: string | undefined, clusterScoped: boolean): Refusal | null {
  const all = isOn(flags, 'all-namespaces');
  if (all && flags.namespace !== undefined) {
    return invalid('-A/--all-namespaces and -n/--namespace contradict each other; give one of them');
  }
  // kubectl would search every namespace for the name; kubegate wants the one namespace the reviewer approves.
  if (all && name !== undefined && !clusterScoped) {
    return invalid(`get ${quote(name)} needs one namespace: use -n instead of -A`);
  }
  if (name !== undefined && flags.selector !== undefined) {
    return invalid(`get takes a name (${quote(name)}) or a -l selector, not both`);
  }
  return null;
}

type Selectors = { labelSelector?: string; fieldSelector?: string };

function readSelectors({ flags }: Call): Result<Selectors, Refusal> {
  const label =
    flags.selector === undefined ? ok(undefined) : checkSelector('-l/--selector', flags.selector, 'label');
  if (!label.ok) return label;
  const field =
    flags['field-selector'] === undefined
      ? ok(undefined)
      : checkSelector('--field-selector', flags['field-selector'], 'field');
  if (!field.ok) return field;
  return ok({
    ...(label.value === undefined ? {} : { labelSelector: label.value }),
    ...(field.value === undefined ? {} : { fieldSelector: field.value }),
  });
}

export function parseDescribe(call: Call): Result<DescribeOperation, Refusal> {
  const allowed = checkFlags('describe', call.flags, ['namespace']);
  if (!allowed.ok) return allowed;
  const target = readNamedTarget(call, 'kubectl describe pod NAME');
  if (!target.ok) return target;
  const kind = resolveKindFor('describe', target.value.type, DESCRIBE_KINDS);
  if (!kind.ok) return kind;
  const name = checkName(`${kind.value} name`, target.value.name);
  if (!name.ok) return name;
  const namespace = isClusterScoped(kind.value) ? null : call.namespace;
  return ok({ verb: 'describe', kind: kind.value, namespace, name: name.value });
}

export function parseLogs(call: Call): Result<LogsOperation, Refusal> {
  const { flags } = call;
  const allowed = checkFlags('logs', flags, ['namespace', 'container', 'tail', 'previous', 'since']);
  if (!allowed.ok) return allowed;
  const pod = readPod(call.rest);
  if (!pod.ok) return pod;
  const container =
    flags.container === undefined ? ok(undefined) : checkLabel('container name', flags.container);
  if (!container.ok) return container;
  const tail = flags.tail === undefined ? ok(undefined) : parseCount('--tail', flags.tail, 0, MAX_TAIL_LINES);
  if (!tail.ok) return tail;
  const since = flags.since === undefined ? ok(undefined) : parseDuration('--since', flags.since);
  if (!since.ok) return since;
  return ok({
    verb: 'logs',
    namespace: call.namespace,
    pod: pod.value,
    ...(container.value === undefined ? {} : { container: container.value }),
    ...(tail.value === undefined ? {} : { tailLines: tail.value }),
    previous: isOn(flags, 'previous'),
    ...(since.value === undefined ? {} : { sinceSeconds: since.value }),
  });
}

function readPod(rest: readonly string[]): Result<string, Refusal> {
  const [word, ...more] = rest;
  if (word === undefined) return err(invalid('logs needs a pod name: kubectl logs POD'));
  // kubectl once read a second word as the container; kubegate asks for -c so the command says what it means.
  if (more.length > 0) {
    return err(
      invalid(`logs reads one pod; use -c CONTAINER for a container (got ${rest.map(quote).join(', ')})`),
    );
  }
  const slash = word.indexOf('/');
  if (slash < 0) return checkName('pod name', word);
  const kind = resolveKindFor('logs', word.slice(0, slash), ['pod']);
  if (!kind.ok) return kind;
  return checkName('pod name', word.slice(slash + 1));
}
