import { err, ok, type Result } from '../../approvals/result.ts';
import { type FlagValues, findVerbWord, parseArgs } from './flags.ts';
import type { CommandError, KubeOperation, Refusal, Verb } from './model.ts';
import { invalid, unsupported } from './model.ts';
import { parseDescribe, parseGet, parseLogs } from './parse-reads.ts';
import type { Call } from './target.ts';
import { checkLabel, quote } from './values.ts';
import { MAX_COMMAND_LENGTH, splitWords } from './words.ts';
import { parseDelete, parseNodeCommand, parseRollout, parseScale } from './parse-mutations.ts';

export type { CommandError, Kind, KubeOperation } from './model.ts';
export { describeOperation, operationDigestInput } from './canonical.ts';
export { classify, isMutating } from './classify.ts';

/** The namespace a command runs in when it has no -n; the caller derives it from the proposal. */
export type CommandContext = { defaultNamespace: string };

const VERBS: readonly Verb[] = [
  'get',
  'describe',
  'logs',
  'delete',
  'scale',
  'rollout',
  'cordon',
  'uncordon',
];
const SUPPORTED_VERBS = VERBS.join(', ');

/**
 * Parses one kubectl-style command string into a typed operation, never through a shell. An allowlist: any verb,
 * resource, flag or character it does not know is refused with a reason that names it.
 */
export function parseCommand(input: string, ctx: CommandContext): Result<KubeOperation, CommandError> {
  const parsed = parseRefusable(input, ctx);
  return parsed.ok ? parsed : err({ ...parsed.error, command: clip(input) });
}

function parseRefusable(input: string, ctx: CommandContext): Result<KubeOperation, Refusal> {
  const words = splitWords(input);
  if (!words.ok) return err({ code: 'unsafe_input', ...words.error });
  const tokens = words.value[0] === 'kubectl' ? words.value.slice(1) : words.value;
  if (tokens.length === 0) return err(invalid('the command is empty'));
  // Judged before the flags, so `kubectl exec -it pod -- sh` is refused for being exec, not for -it.
  const verbWord = findVerbWord(tokens);
  if (!verbWord.ok) return verbWord;
  if (verbWord.value !== undefined && !isVerb(verbWord.value)) return err(refuseVerb(verbWord.value));
  const args = parseArgs(tokens);
  if (!args.ok) return args;
  const [verb, ...rest] = args.value.positionals;
  if (verb === undefined) {
    return err(unsupported(`the command has no verb; kubegate runs ${SUPPORTED_VERBS}`, SUPPORTED_VERBS));
  }
  if (!isVerb(verb)) return err(refuseVerb(verb));
  const namespace = chooseNamespace(args.value.flags, ctx);
  if (!namespace.ok) return namespace;
  return parseVerb(verb, { verb, rest, flags: args.value.flags, namespace: namespace.value });
}

function parseVerb(verb: Verb, call: Call): Result<KubeOperation, Refusal> {
  switch (verb) {
    case 'get':
      return parseGet(call);
    case 'describe':
      return parseDescribe(call);
    case 'logs':
      return parseLogs(call);
    case 'delete':
      return parseDelete(call);
    case 'scale':
      return parseScale(call);
    case 'rollout':
      return parseRollout(call);
    case 'cordon':
    case 'uncordon':
      return parseNodeCommand(verb, call);
  }
}

function isVerb(word: string): word is Verb {
  return VERBS.some((v) => v === word);
}

function refuseVerb(word: string): Refusal {
  return unsupported(
    `${quote(word)} is not a command kubegate runs; it runs ${SUPPORTED_VERBS}`,
    SUPPORTED_VERBS,
  );
}

/** An explicit -n wins; otherwise the caller's default (proposal metadata, then tool argument, then 'default'). */
function chooseNamespace(flags: FlagValues, ctx: CommandContext): Result<string, Refusal> {
  if (flags.namespace !== undefined) return checkLabel('namespace', flags.namespace);
  const fallback = checkLabel('default namespace', ctx.defaultNamespace);
  return fallback.ok ? ok(fallback.value) : fallback;
}

// An error echoes the command, but not 100 KB of it.
function clip(input: string): string {
  return input.length <= MAX_COMMAND_LENGTH ? input : `${input.slice(0, 80)}… (${input.length} characters)`;
}
