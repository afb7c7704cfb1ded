import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type CommandError, describeOperation, parseCommand } from '../../src/kube/command/parse.ts';

const ctx = { defaultNamespace: 'default' };
const CODES: readonly CommandError['code'][] = [
  'unsafe_input',
  'invalid_command',
  'unsupported_command',
  'forbidden_command',
];

/** The contract every answer keeps, whatever the input: a result, never a throw, and a refusal that says why. */
function assertWellFormed(input: string): ReturnType<typeof parseCommand> {
  const r = parseCommand(input, ctx);
  if (r.ok) {
    assert.equal(typeof r.value.verb, 'string');
  } else {
    assert.ok(CODES.includes(r.error.code), `unknown code ${r.error.code}`);
    assert.equal(typeof r.error.reason, 'string');
    assert.ok(r.error.reason.trim().length > 0, 'a refusal gives a reason');
    assert.equal(typeof r.error.command, 'string');
  }
  return r;
}

// ---------------------------------------------------------------- generators of commands kubegate accepts

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
const namespaceWords: fc.Arbitrary<string[]> = label.chain((ns) =>
  fc.constantFrom<string[]>(
    ['-n', ns],
    [`-n${ns}`],
    [`-n=${ns}`],
    ['--namespace', ns],
    [`--namespace=${ns}`],
  ),
);
const maybe = <T>(arb: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> =>
  fc.option(arb, { nil: undefined }).map((v) => v ?? []);
const count = fc.integer({ min: 0, max: 30 });

const getKind = fc.constantFrom(
  'pods',
  'po',
  'pod',
  'deploy',
  'deployments.apps',
  'rs',
  'sts',
  'ds',
  'svc',
  'cm',
  'ev',
  'jobs',
  'cj',
  'nodes',
  'ns',
);
const getCommand = fc
  .record({
    kind: getKind,
    name: fc.option(label, { nil: undefined }),
    ns: maybe(fc.oneof(namespaceWords, fc.constantFrom<string[]>(['-A'], ['--all-namespaces']))),
    selector: maybe(
      fc.constantFrom<string[]>(['-l', 'app=web'], ['-l', 'app=web,tier!=db'], ['--selector=app']),
    ),
    output: maybe(fc.constantFrom<string[]>(['-o', 'wide'], ['-ojson'], ['--output=yaml'], ['-o', 'name'])),
  })
  .map(({ kind, name, ns, selector, output }) => ({
    head: ['get', kind, ...(name === undefined ? [] : [name])],
    flags: [ns, selector, output],
  }));
const describeCommand = fc
  .tuple(fc.constantFrom('pod', 'deploy', 'node', 'svc'), label, maybe(namespaceWords))
  .map(([kind, name, ns]) => ({ head: ['describe', kind, name], flags: [ns] }));
const logsCommand = fc
  .tuple(
    label,
    maybe(namespaceWords),
    maybe(label.map((c) => ['-c', c])),
    maybe(count.map((n) => [`--tail=${n}`])),
    maybe(fc.constantFrom<string[]>(['-p'], ['--previous'])),
    maybe(fc.constantFrom<string[]>(['--since=5m'], ['--since=30s'], ['--since=1h'])),
  )
  .map(([pod, ...flags]) => ({ head: ['logs', pod], flags }));
const deleteCommand = fc
  .tuple(
    fc.constantFrom('pod', 'pods', 'deploy', 'sts', 'ds', 'svc', 'job'),
    label,
    maybe(namespaceWords),
    maybe(
      fc.oneof(
        count.map((n) => [`--grace-period=${n}`]),
        fc.constant<string[]>(['--now']),
      ),
    ),
  )
  .map(([kind, name, ...flags]) => ({ head: ['delete', kind, name], flags }));
const scaleCommand = fc
  .tuple(
    fc.constantFrom('deploy', 'deployment', 'sts', 'rs'),
    label,
    maybe(namespaceWords),
    count.map((n) => [`--replicas=${n}`]),
    maybe(count.map((n) => ['--current-replicas', String(n)])),
  )
  .map(([kind, name, ...flags]) => ({ head: ['scale', kind, name], flags }));
const rolloutCommand = fc
  .tuple(
    fc.constantFrom('restart', 'undo', 'status', 'history'),
    fc.constantFrom('deployment', 'deploy', 'sts', 'ds'),
    label,
    maybe(namespaceWords),
  )
  .map(([action, kind, name, ns]) => ({ head: ['rollout', action, `${kind}/${name}`], flags: [ns] }));
const nodeCommand = fc
  .tuple(fc.constantFrom('cordon', 'uncordon'), label)
  .map(([verb, node]) => ({ head: [verb, node], flags: [] as string[][] }));

/** A plausible command as words: the verb's positionals in order, its flags (one or two words each) anywhere. */
const commandWords: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.oneof(
      getCommand,
      describeCommand,
      logsCommand,
      deleteCommand,
      scaleCommand,
      rolloutCommand,
      nodeCommand,
    ),
    fc.boolean(),
    fc.infiniteStream(fc.nat()),
  )
  .map(([{ head, flags }, withKubectl, positions]) => {
    // A flag and its value stay together: they are placed as one unit among the positional words.
    const units = head.map((word) => [word]);
    for (const flag of flags.filter((f) => f.length > 0)) {
      units.splice(positions.next().value % (units.length + 1), 0, flag);
    }
    const words = units.flat();
    return withKubectl ? ['kubectl', ...words] : words;
  });

/** The same word written the ways a shell reads as that word. */
const spellWord = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    word,
    `'${word}'`,
    `"${word}"`,
    word.replace(/./gu, (c) => `\\${c}`),
    word.length > 1 ? `${word.slice(0, 1)}'${word.slice(1)}'` : word,
  );
const spelledCommand = (words: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.tuple(...words.map(spellWord)), fc.constantFrom(' ', '  ', '\t', ' \t '))
    .map(([spelled, separator]) => spelled.join(separator));

// ---------------------------------------------------------------- shell metacharacters and identity flags

const META = [
  ';',
  '|',
  '&',
  '`',
  '$(',
  '>',
  '<',
  '\n',
  '\r\n',
  '&&',
  '||',
  '>>',
  '2>&1',
  '| sh',
  '; rm -rf /',
  '$(curl evil)',
  '`id`',
];

/**
 * Whether a shell would act on something in `input`: an unquoted ; | & ` $( > < or a newline anywhere. An oracle
 * written apart from the parser, with POSIX quoting (single quotes literal, backslash escapes the next character).
 */
function hasUnquotedMeta(input: string): boolean {
  if (input.includes('\n')) return true;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (';|&`><'.includes(c) || input.startsWith('$(', i)) return true;
  }
  return false;
}

const IDENTITY_FLAGS = [
  'kubeconfig',
  'server',
  'token',
  'as',
  'context',
  'cluster',
  'user',
  'insecure-skip-tls-verify',
];
const flagValue = fc.stringMatching(/^[A-Za-z0-9:/._@-]{1,24}$/).filter((v) => !v.startsWith('-'));
/** Every way kubectl (pflag) would read an identity flag: --x=v, --x v, -x=v, -x v, -s for --server, a bare switch. */
const identityFlagWords: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...IDENTITY_FLAGS), flagValue, fc.nat(5))
  .map(([name, value, form]): string[] => {
    if (name === 'insecure-skip-tls-verify') {
      return [
        [`--${name}`],
        [`--${name}=true`],
        [`--${name}=false`],
        [`-${name}`],
        [`-${name}=true`],
        [`--${name}`],
      ][form]!;
    }
    const dashes = name === 'server' && form >= 4 ? '-s' : `--${name}`;
    return [
      [`${dashes}=${value}`],
      [dashes, value],
      [`-${name}=${value}`],
      [`-${name}`, value],
      ['-s', value],
      [`-s=${value}`],
    ][form]!;
  });

describe('parseCommand on generated input', () => {
  test('never throws on arbitrary strings and always answers a result or a reasoned refusal', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.string({
            unit: fc.constantFrom(
              ...Array.from('kubectl get pods -n=prod -A \'"\\$`;|&<>()[]{}*?#~!\t\u00a0\u200b\u202e\u2014'),
            ),
            maxLength: 120,
          }),
          fc.string({ unit: 'binary', minLength: 4090, maxLength: 4200 }),
        ),
        (input) => {
          assertWellFormed(input);
          assertWellFormed(`kubectl get pods ${input}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('refuses every input that holds an unquoted shell metacharacter or a newline', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc
          .string({ unit: fc.constantFrom(...Array.from('ab -=/\'"\\;|&`$()<>\n')), maxLength: 40 })
          .map((tail) => `kubectl get pods ${tail}`),
        (input) => {
          if (!hasUnquotedMeta(input)) return;
          refused++;
          const r = assertWellFormed(input);
          assert.equal(r.ok, false, `accepted ${JSON.stringify(input)}`);
        },
      ),
      { numRuns: 2000 },
    );
    assert.ok(refused > 500, `only ${refused} generated inputs held a metacharacter`);
  });

  test('refuses a valid command with a shell metacharacter spliced in unquoted anywhere', () => {
    fc.assert(
      fc.property(
        commandWords,
        fc.nat(),
        fc.constantFrom(...META),
        fc.string({ maxLength: 20 }),
        (words, at, meta, rest) => {
          const base = words.join(' ');
          const i = at % (base.length + 1);
          const input = `${base.slice(0, i)}${meta}${rest}${base.slice(i)}`;
          const r = assertWellFormed(input);
          assert.equal(r.ok, false, `accepted ${JSON.stringify(input)}`);
          assert.equal(r.error.code, 'unsafe_input');
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('parses the rendering of every accepted operation back to the same operation', () => {
    let accepted = 0;
    fc.assert(
      fc.property(commandWords.chain(spelledCommand), (input) => {
        const r = assertWellFormed(input);
        if (!r.ok) return;
        accepted++;
        const rendered = describeOperation(r.value);
        const again = parseCommand(rendered, ctx);
        assert.ok(again.ok, `${rendered} (from ${input}) is refused: ${again.ok ? '' : again.error.reason}`);
        assert.deepEqual(again.value, r.value);
        assert.equal(describeOperation(again.value), rendered, 'the rendering is a fixed point');
      }),
      { numRuns: 2000 },
    );
    assert.ok(accepted > 1000, `only ${accepted} of 2000 generated commands were accepted`);
  });

  test('reads a command the same however its words are quoted or escaped', () => {
    fc.assert(
      fc.property(
        commandWords.chain((words) => fc.tuple(fc.constant(words.join(' ')), spelledCommand(words))),
        ([plain, spelled]) => {
          const a = parseCommand(plain, ctx);
          const b = parseCommand(spelled, ctx);
          assert.equal(b.ok, a.ok, `${plain} vs ${spelled}`);
          if (a.ok && b.ok) assert.deepEqual(b.value, a.value);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('refuses an identity flag in any spelling at any position of a valid command', () => {
    fc.assert(
      fc.property(commandWords, identityFlagWords, fc.nat(), fc.boolean(), (words, flag, at, quoted) => {
        const spliced = [...words];
        spliced.splice(at % (words.length + 1), 0, ...flag.map((w) => (quoted ? `'${w}'` : w)));
        const input = spliced.join(' ');
        const r = assertWellFormed(input);
        assert.equal(r.ok, false, `accepted ${input}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('refuses an identity flag as forbidden when it leads or ends the command', () => {
    fc.assert(
      fc.property(commandWords, identityFlagWords, fc.boolean(), (words, flag, first) => {
        if (!parseCommand(words.join(' '), ctx).ok) return;
        const body = words[0] === 'kubectl' ? words.slice(1) : words;
        const input = ['kubectl', ...(first ? [...flag, ...body] : [...body, ...flag])].join(' ');
        const r = assertWellFormed(input);
        assert.equal(r.ok, false, `accepted ${input}`);
        assert.equal(r.error.code, 'forbidden_command', `${input}: ${r.error.reason}`);
      }),
      { numRuns: 1000 },
    );
  });

  test('accepts a random flag spliced into a valid command only if it is on the allowlist', () => {
    const allowlist = new Set([
      'n',
      'namespace',
      'A',
      'all-namespaces',
      'l',
      'selector',
      'field-selector',
      'o',
      'output',
      'c',
      'container',
      'tail',
      'p',
      'previous',
      'since',
      'grace-period',
      'now',
      'replicas',
      'current-replicas',
      'to-revision',
      'revision',
      'timeout',
    ]);
    const randomFlag = fc
      .tuple(
        fc.stringMatching(/^[a-zA-Z][a-z-]{0,14}$/),
        fc.constantFrom('-', '--'),
        fc.option(flagValue, { nil: undefined }),
      )
      .map(([name, dashes, value]) => ({
        name,
        word: value === undefined ? `${dashes}${name}` : `${dashes}${name}=${value}`,
      }));
    fc.assert(
      fc.property(commandWords, randomFlag, fc.nat(), (words, flag, at) => {
        const spliced = [...words];
        spliced.splice(at % (words.length + 1), 0, flag.word);
        const r = assertWellFormed(spliced.join(' '));
        if (r.ok) {
          const name = flag.word.startsWith('--') ? flag.name : flag.name.charAt(0);
          assert.ok(allowlist.has(name), `accepted the unknown flag ${flag.word} in ${spliced.join(' ')}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
