import { err, ok, type Result } from '../../approvals/result.ts';
import type { FlagValues } from './flags.ts';
import { listKinds, resolveKind } from './kinds.ts';
import { forbidden, invalid, type Kind, type Refusal, unsupported } from './model.ts';
import { checkName, quote } from './values.ts';

/** What a verb parser receives: the words after the verb, the flags, and the namespace already chosen. */
export type Call = { verb: string; rest: readonly string[]; flags: FlagValues; namespace: string };

/** A resource word and an optional name: `pods`, `pod NAME` or `pod/NAME`. */
export type Target = { type: string; name?: string };

/** Reads `TYPE`, `TYPE NAME` or `TYPE/NAME`; several names or types are refused so one approval is one object. */
export function readTarget(verb: string, rest: readonly string[]): Result<Target | null, Refusal> {
  const [first, second, ...more] = rest;
  if (first === undefined) return ok(null);
  if (first.includes(',')) {
    return err(invalid(`${verb} takes one resource type per command, got ${quote(first)}`));
  }
  if (first.includes('/')) {
    if (second !== undefined) return refuseSeveral(verb, rest);
    return splitSlash(first);
  }
  if (more.length > 0) return refuseSeveral(verb, rest.slice(1));
  return ok(second === undefined ? { type: first } : { type: first, name: second });
}

function splitSlash(word: string): Result<Target, Refusal> {
  const slash = word.indexOf('/');
  const type = word.slice(0, slash);
  const name = word.slice(slash + 1);
  if (type === '') return err(invalid(`${quote(word)} has no resource type before '/'`));
  if (name === '') return err(invalid(`${quote(word)} has no name after '/'`));
  return ok({ type, name });
}

function refuseSeveral(verb: string, names: readonly string[]): Result<never, Refusal> {
  const listed = names.map(quote).join(', ');
  return err(
    invalid(`${verb} takes one object per command, got ${names.length}: ${listed}; propose one command each`),
  );
}

/** A target that must carry a name, as `describe`, `scale` and `rollout` need. */
export function readNamedTarget(call: Call, usage: string): Result<Required<Target>, Refusal> {
  const target = readTarget(call.verb, call.rest);
  if (!target.ok) return target;
  const { type, name } = target.value ?? { type: undefined, name: undefined };
  if (type === undefined || name === undefined) {
    return err(invalid(`${call.verb} needs a resource type and a name: ${usage}`));
  }
  return ok({ type, name });
}

/** Resolves the resource word to a kind this verb supports; secrets are refused by name, whatever the verb. */
export function resolveKindFor<K extends Kind>(
  verb: string,
  type: string,
  allowed: readonly K[],
): Result<K, Refusal> {
  const kind = resolveKind(type);
  if (kind === 'secret') {
    return err(
      forbidden(`${verb} ${quote(type)} is refused: secrets are never read or changed through kubegate`),
    );
  }
  const found = allowed.find((k) => k === kind);
  if (found !== undefined) return ok(found);
  const supported = listKinds(allowed);
  return err(
    unsupported(`${verb} does not support the resource ${quote(type)}; it supports ${supported}`, supported),
  );
}

/** Validates a name when there is one; an absent name stays absent. */
export function checkOptionalName(kind: Kind, name: string | undefined): Result<string | undefined, Refusal> {
  return name === undefined ? ok(undefined) : checkName(`${kind} name`, name);
}
