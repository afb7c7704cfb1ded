import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_COMMAND_LENGTH, splitWords } from '../../../src/kube/command/words.ts';

const accepted: readonly (readonly [string, readonly string[]])[] = [
  ['kubectl get pods', ['kubectl', 'get', 'pods']],
  ['  kubectl\tget   pods  ', ['kubectl', 'get', 'pods']],
  ['', []],
  ['   ', []],
  ["get pods -l 'env in (prod,qa)'", ['get', 'pods', '-l', 'env in (prod,qa)']],
  ['get pods -l "app=web"', ['get', 'pods', '-l', 'app=web']],
  ['get pods -l app=web,tier!=db', ['get', 'pods', '-l', 'app=web,tier!=db']],
  ['a\\ b', ['a b']],
  ['\\;', [';']],
  ['\'a\'"b"c', ['abc']],
  ["''", ['']],
  ['""', ['']],
  ['"a\\"b"', ['a"b']],
  ['"a\\\\b"', ['a\\b']],
  ['"a\\$b"', ['a$b']],
  ['"a\\nb"', ['a\\nb']],
  ["'a;b|c&d>e<f'", ['a;b|c&d>e<f']],
  ["'$(id)' '`id`' '${HOME}'", ['$(id)', '`id`', '${HOME}']],
  ['"a;b|c"', ['a;b|c']],
  ['café', ['café']],
  ['api–service', ['api–service']],
  ['--namespace=prod -nprod', ['--namespace=prod', '-nprod']],
  ['a'.repeat(MAX_COMMAND_LENGTH), ['a'.repeat(MAX_COMMAND_LENGTH)]],
];

for (const [input, words] of accepted) {
  test(`splits ${JSON.stringify(input.slice(0, 60))} into ${words.length} words`, () => {
    assert.deepEqual(splitWords(input), { ok: true, value: words });
  });
}

/** [input, 1-based column of the offending character, text the reason must contain] */
const refused: readonly (readonly [string, number, string])[] = [
  ['kubectl get pods; rm -rf /', 17, "';'"],
  ['kubectl get pods && curl x', 18, "'&&'"],
  ['kubectl get pods || true', 18, "'||'"],
  ['kubectl get pods & curl x', 18, "'&'"],
  ['kubectl get pods | sh', 18, "'|'"],
  ['kubectl get pods > /etc/passwd', 18, "'>'"],
  ['kubectl get pods >> /tmp/x', 18, "'>>'"],
  ['kubectl get pods < /etc/passwd', 18, "'<'"],
  ['$(curl x)', 1, "'$('"],
  ['kubectl get pods $(curl x)', 18, "'$('"],
  ['`id`', 1, "'`'"],
  ['kubectl get pods ${HOME}', 18, "'${'"],
  ['kubectl get pods -n $NS', 21, "'$'"],
  ['kubectl get pods -n "$NS"', 22, "'$' inside double quotes"],
  ['kubectl get pods "$(id)"', 19, "'$' inside double quotes"],
  ['kubectl get pods "`id`"', 19, "'`' inside double quotes"],
  ['(kubectl get pods)', 1, "'('"],
  ['kubectl get pods)', 17, "')'"],
  ['kubectl get po*', 15, "'*'"],
  ['kubectl get pod?', 16, "'?'"],
  ['kubectl get pod[0]', 16, "'['"],
  ['kubectl get {pods,svc}', 13, "'{'"],
  ['kubectl get pods # delete everything', 18, "'#'"],
  ['kubectl get pods\nrm -rf /', 17, 'U+000A LINE FEED'],
  ['kubectl get pods\r\n', 17, 'U+000D CARRIAGE RETURN'],
  ['kubectl get pods\0', 17, 'U+0000 NULL'],
  ["kubectl get 'pods\0'", 18, 'U+0000 NULL'],
  ['kubectl get pods \u001b[2J', 18, 'U+001B ESCAPE'],
  ['kubectl get pods\u2028', 17, 'U+2028 LINE SEPARATOR'],
  ['kubectl get pods —namespace prod', 18, 'U+2014 EM DASH'],
  ['kubectl get pods –n prod', 18, 'U+2013 EN DASH'],
  ['kubectl get pods ‐n prod', 18, 'U+2010 HYPHEN'],
  ['kubectl get pods −n prod', 18, 'U+2212 MINUS SIGN'],
  ['kubectl get pods ﹣n prod', 18, 'U+FE63 SMALL HYPHEN-MINUS'],
  ['kubectl get pods －n prod', 18, 'U+FF0D FULLWIDTH HYPHEN-MINUS'],
  ["kubectl get pods '—namespace' prod", 18, 'U+2014 EM DASH'],
  ['kubectl get pods\u200b', 17, 'U+200B ZERO WIDTH SPACE'],
  ['kubectl get po\u200dds', 15, 'U+200D ZERO WIDTH JOINER'],
  ['kubectl delete pod \u202eapi', 20, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
  ['kubectl get pods \u2066x\u2069', 18, 'U+2066 LEFT-TO-RIGHT ISOLATE'],
  ['\ufeffkubectl get pods', 1, 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
  ['kubectl get pods\u{E0041}', 17, 'U+E0041'],
  ['kubectl get pods\ufe0f', 17, 'U+FE0F'],
  ['kubectl get\u00a0pods', 12, 'U+00A0 NO-BREAK SPACE'],
  ['kubectl get\u3000pods', 12, 'U+3000 IDEOGRAPHIC SPACE'],
  ['kubectl get po\u00adds', 15, 'U+00AD SOFT HYPHEN'],
  ['kubectl get pods\ud800', 17, 'U+D800'],
  ["kubectl get pods -l 'app=web", 21, 'single quote at column 21 is never closed'],
  ['kubectl get pods -l "app=web', 21, 'double quote at column 21 is never closed'],
  ['kubectl get pods \\', 18, 'backslash'],
  ['a'.repeat(MAX_COMMAND_LENGTH + 1), MAX_COMMAND_LENGTH + 1, `limit is ${MAX_COMMAND_LENGTH}`],
  [`kubectl get pods ${'a'.repeat(100 * 1024)}`, MAX_COMMAND_LENGTH + 1, '102417 characters'],
  [`kubectl get pods ;${'\0'.repeat(100 * 1024)}`, MAX_COMMAND_LENGTH + 1, `limit is ${MAX_COMMAND_LENGTH}`],
];

for (const [input, column, mention] of refused) {
  test(`refuses ${JSON.stringify(input.slice(0, 50))} at column ${column}, naming ${mention}`, () => {
    const r = splitWords(input);
    assert.equal(r.ok, false);
    assert.equal(r.error.column, column);
    assert.ok(r.error.reason.includes(mention), `reason ${JSON.stringify(r.error.reason)} lacks ${mention}`);
  });
}

test('gives back any word of shell syntax unchanged when it is single-quoted', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9 ;|&<>$`(){}*?#!=,./\\"~-]*$/);
  fc.assert(
    fc.property(fc.array(word, { maxLength: 8 }), (words) => {
      const line = words.map((w) => `'${w}'`).join(' ');
      assert.deepEqual(splitWords(line), { ok: true, value: words });
    }),
  );
});

test('returns a result for any string and never throws', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
      const r = splitWords(input);
      if (!r.ok) assert.ok(r.error.column >= 1 && r.error.column <= input.length + 1);
    }),
  );
});
