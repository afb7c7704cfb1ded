import { err, ok, type Result } from '../../approvals/result.ts';
import { forbidden, invalid, type Refusal, unsupported } from './model.ts';
import { quote } from './values.ts';

/** Every flag kubegate understands, named by its long spelling. Anything else is refused: an allowlist. */
export type FlagName =
  | 'namespace'
  | 'all-namespaces'
  | 'selector'
  | 'field-selector'
  | 'output'
  | 'container'
  | 'tail'
  | 'previous'
  | 'since'
  | 'grace-period'
  | 'now'
  | 'replicas'
  | 'current-replicas'
  | 'to-revision'
  | 'revision'
  | 'timeout';

type FlagSpec = { short?: string; takesValue: boolean };

const FLAGS: Readonly<Record<FlagName, FlagSpec>> = {
  namespace: { short: 'n', takesValue: true },
  'all-namespaces': { short: 'A', takesValue: false },
  selector: { short: 'l', takesValue: true },
  'field-selector': { takesValue: true },
  output: { short: 'o', takesValue: true },
  container: { short: 'c', takesValue: true },
  tail: { takesValue: true },
  previous: { short: 'p', takesValue: false },
  since: { takesValue: true },
  'grace-period': { takesValue: true },
  now: { takesValue: false },
  replicas: { takesValue: true },
  'current-replicas': { takesValue: true },
  'to-revision': { takesValue: true },
  revision: { takesValue: true },
  timeout: { takesValue: true },
};

const FLAG_NAMES = Object.keys(FLAGS) as readonly FlagName[];
const LONG_NAMES: ReadonlySet<string> = new Set(FLAG_NAMES);

const IDENTITY =
  'changes which cluster kubectl talks to or who it acts as; kubegate always acts as itself on its configured cluster';

// Refused by name, with a reason, rather than as merely unknown: these are the flags an agent would use to
// escape the gate, so the refusal says why they will never be accepted.
const FORBIDDEN_FLAGS: ReadonlyMap<string, string> = new Map([
  ...[
    'kubeconfig',
    'server',
    'token',
    'as',
    'as-group',
    'as-uid',
    'context',
    'cluster',
    'user',
    'insecure-skip-tls-verify',
    'certificate-authority',
    'client-certificate',
    'client-key',
    'username',
    'password',
    'tls-server-name',
  ].map((name) => [name, IDENTITY] as const),
  ['all', 'acts on every object of the type; name one object or use -l'],
  ['force', 'skips graceful termination and can leave containers running; use --grace-period=N'],
  ['raw', 'requests an arbitrary API path'],
]);
const FORBIDDEN_SHORT: ReadonlyMap<string, string> = new Map([['s', 'server']]);

/** Flag values by long name; a boolean flag holds 'true' or 'false'. */
export type FlagValues = { [K in FlagName]?: string };
export type ParsedArgs = { positionals: string[]; flags: FlagValues };

type FlagWord = { word: string; spelled: string; name: string; inline: string | undefined; short: boolean };

/**
 * The first positional word, found leniently so the verb can be judged before the flags are: `kubectl exec -it x`
 * is refused for exec, not for -it. Forbidden flags are still refused on sight.
 */
export function findVerbWord(words: readonly string[]): Result<string | undefined, Refusal> {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') return ok(undefined);
    if (!word.startsWith('-') || word.length === 1) return ok(word);
    const singleDash = refuseSingleDashLong(word);
    if (singleDash?.code === 'forbidden_command') return err(singleDash);
    const flagWord = splitFlagWord(word);
    const named = lookUp(flagWord);
    if (!named.ok && named.error.code === 'forbidden_command') return named;
    if (named.ok && FLAGS[named.value].takesValue && flagWord.inline === undefined) i++;
  }
  return ok(undefined);
}

/** Separates flags from positional words; kubectl allows flags anywhere, before the verb included. */
export function parseArgs(words: readonly string[]): Result<ParsedArgs, Refusal> {
  const positionals: string[] = [];
  const flags: FlagValues = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!word.startsWith('-') || word.length === 1) {
      positionals.push(word);
      continue;
    }
    const read = readFlag(word, words[i + 1]);
    if (!read.ok) return read;
    const { name, value, consumedNext } = read.value;
    // kubectl keeps the last of a repeated flag; a reviewer may read the first, so repeats are refused.
    if (flags[name] !== undefined) return err(invalid(`flag ${spell(name)} is given twice`));
    flags[name] = value;
    if (consumedNext) i++;
  }
  return ok({ positionals, flags });
}

type ReadFlag = { name: FlagName; value: string; consumedNext: boolean };

function readFlag(word: string, next: string | undefined): Result<ReadFlag, Refusal> {
  if (word === '--') {
    return err(
      invalid(
        "'--' passes the words after it to a program inside a container; kubegate runs no such program",
      ),
    );
  }
  const singleDash = refuseSingleDashLong(word);
  if (singleDash !== null) return err(singleDash);
  const flagWord = splitFlagWord(word);
  const named = lookUp(flagWord);
  if (!named.ok) return named;
  const name = named.value;
  if (!FLAGS[name].takesValue) return readSwitch(flagWord, name);
  if (flagWord.inline !== undefined) {
    if (flagWord.inline === '') return err(invalid(`flag ${flagWord.spelled} has an empty value`));
    return ok({ name, value: flagWord.inline, consumedNext: false });
  }
  if (next === undefined) return err(invalid(`flag ${flagWord.spelled} needs a value`));
  if (next.startsWith('-') && next.length > 1) {
    return err(
      invalid(`flag ${flagWord.spelled} needs a value, but the next word is the flag ${quote(next)}`),
    );
  }
  return ok({ name, value: next, consumedNext: true });
}

// pflag would read "-namespace=prod" as -n with the value "amespace=prod"; say what was surely meant instead.
function refuseSingleDashLong(word: string): Refusal | null {
  const name = /^-([a-z][a-z-]+)(?:=|$)/.exec(word)?.[1];
  if (name === undefined) return null;
  const forbiddenBecause = FORBIDDEN_FLAGS.get(name);
  if (forbiddenBecause !== undefined) return forbidden(`flag --${name} is refused: it ${forbiddenBecause}`);
  return LONG_NAMES.has(name) ? invalid(`${quote(word)} has one dash; write --${name}`) : null;
}

function splitFlagWord(word: string): FlagWord {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const spelled = eq < 0 ? word : word.slice(0, eq);
    return {
      word,
      spelled,
      name: spelled.slice(2),
      inline: eq < 0 ? undefined : word.slice(eq + 1),
      short: false,
    };
  }
  // pflag reads "-nprod" and "-n=prod" as -n with the value "prod".
  const rest = word.slice(2);
  const inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
  return { word, spelled: word.slice(0, 2), name: word.charAt(1), inline, short: true };
}

function lookUp(flag: FlagWord): Result<FlagName, Refusal> {
  const name = flag.short ? longNameOfShort(flag) : flag.name;
  if (name === undefined) return refuseUnknown(flag);
  const forbiddenBecause = FORBIDDEN_FLAGS.get(name);
  if (forbiddenBecause !== undefined) {
    const spelled = flag.short ? `${flag.spelled} (--${name})` : flag.spelled;
    return err(forbidden(`flag ${spelled} is refused: it ${forbiddenBecause}`));
  }
  const known = FLAG_NAMES.find((n) => n === name);
  return known === undefined ? refuseUnknown(flag) : ok(known);
}

function longNameOfShort(flag: FlagWord): string | undefined {
  return FORBIDDEN_SHORT.get(flag.name) ?? FLAG_NAMES.find((n) => FLAGS[n].short === flag.name);
}

function refuseUnknown(flag: FlagWord): Result<never, Refusal> {
  return err(unsupported(`unknown flag ${quote(flag.spelled)}`, FLAG_NAMES.map(spell).join(', ')));
}

function readSwitch(flag: FlagWord, name: FlagName): Result<ReadFlag, Refusal> {
  if (flag.inline === undefined) return ok({ name, value: 'true', consumedNext: false });
  if (!flag.short && (flag.inline === 'true' || flag.inline === 'false')) {
    return ok({ name, value: flag.inline, consumedNext: false });
  }
  const allowed = flag.short ? 'write each short flag on its own' : `only =true or =false may follow it`;
  return err(invalid(`flag ${flag.spelled} takes no value, so ${quote(flag.word)} is refused; ${allowed}`));
}

/** "-n/--namespace": how refusals name a flag. */
export function spell(name: FlagName): string {
  const short = FLAGS[name].short;
  return short === undefined ? `--${name}` : `-${short}/--${name}`;
}

/** Refuses any flag the verb does not take, listing the ones it does. */
export function checkFlags(
  verb: string,
  flags: FlagValues,
  allowed: readonly FlagName[],
): Result<true, Refusal> {
  const stray = FLAG_NAMES.find((name) => flags[name] !== undefined && !allowed.includes(name));
  if (stray === undefined) return ok(true);
  const accepted = allowed.length === 0 ? 'no flags' : allowed.map(spell).join(', ');
  return err(unsupported(`${verb} does not take ${spell(stray)}; it takes ${accepted}`, accepted));
}

export function isOn(flags: FlagValues, name: FlagName): boolean {
  return flags[name] === 'true';
}
