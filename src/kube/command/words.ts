import { MAX_COMMAND_LENGTH } from '../../approvals/proposal-schema.ts';
import { err, ok, type Result } from '../../approvals/result.ts';

/**
 * Splits a command string into words the way a POSIX shell splits them (single quotes, double quotes, backslash
 * escapes), but interprets nothing: every construct a shell would act on is refused, so the words kubegate parses
 * are exactly the words a human approves.
 */

// The proposal schema owns the limit, so a command the schema accepts is never refused here for its length.
export { MAX_COMMAND_LENGTH };

/** Why the string cannot be split safely; `column` is 1-based, counted in UTF-16 code units. */
export type WordError = { reason: string; column: number };

// Any of these could make the approved text differ from what runs: invisible characters, bidi overrides that
// reorder what a reviewer sees (CVE-2021-42574 "Trojan Source"), tag characters that smuggle hidden ASCII, and
// spaces that are not ASCII space. Tab is the one control character allowed, as a word separator.
const HIDDEN =
  /(?!\t)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}]|(?! )\p{Zs}|[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NULL',
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x3000: 'IDEOGRAPHIC SPACE',
  // Dashes that look like ASCII '-' and turn "--namespace prod" into a positional word.
  0x2010: 'HYPHEN',
  0x2011: 'NON-BREAKING HYPHEN',
  0x2012: 'FIGURE DASH',
  0x2013: 'EN DASH',
  0x2014: 'EM DASH',
  0x2015: 'HORIZONTAL BAR',
  0x2212: 'MINUS SIGN',
  0xfe58: 'SMALL EM DASH',
  0xfe63: 'SMALL HYPHEN-MINUS',
  0xff0d: 'FULLWIDTH HYPHEN-MINUS',
};

const LOOK_ALIKE_DASH = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;

const SHELL_SYNTAX: readonly (readonly [string, string])[] = [
  ['&&', 'an and-list'],
  ['||', 'an or-list'],
  ['>>', 'an append redirection'],
  ['$(', 'a command substitution'],
  ['${', 'a parameter expansion'],
  [';', 'a command separator'],
  ['|', 'a pipe'],
  ['&', 'a background job'],
  ['>', 'an output redirection'],
  ['<', 'an input redirection'],
  ['$', 'a variable expansion'],
  ['`', 'a command substitution'],
  ['(', 'a subshell'],
  [')', 'a subshell'],
  ['{', 'a brace expansion'],
  ['}', 'a brace expansion'],
  ['*', 'a glob'],
  ['?', 'a glob'],
  ['[', 'a glob'],
  [']', 'a glob'],
  ['#', 'a comment'],
];
/** Every token above begins with one of these (each is a token itself): other characters skip the search. */
const SHELL_SYNTAX_STARTS = new Set(SHELL_SYNTAX.map(([token]) => token.charAt(0)));

/** "U+2014 EM DASH": how a reason names a character a reader may not be able to see. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const name = CHARACTER_NAMES[codePoint];
  return name === undefined ? `U+${hex}` : `U+${hex} ${name}`;
}

export function splitWords(input: string): Result<string[], WordError> {
  // Checked before any scan, so a 100 KB string costs nothing.
  if (input.length > MAX_COMMAND_LENGTH) {
    return err({
      column: MAX_COMMAND_LENGTH + 1,
      reason: `the command is ${input.length} characters long; the limit is ${MAX_COMMAND_LENGTH}`,
    });
  }
  const hidden = HIDDEN.exec(input);
  if (hidden !== null) return err(refuseHidden(hidden[0], hidden.index));
  return scanWords(input);
}

function refuseHidden(character: string, index: number): WordError {
  const what = describeCharacter(character);
  const column = index + 1;
  if (/^\p{Zs}$/u.test(character)) {
    return { column, reason: `${what} at column ${column} is not a word separator; use an ASCII space` };
  }
  if (character === '\n' || character === '\r' || /^[\p{Zl}\p{Zp}]$/u.test(character)) {
    return { column, reason: `${what} at column ${column} is refused: a command is a single line` };
  }
  return {
    column,
    reason: `${what} at column ${column} is refused: control and invisible characters can hide what runs`,
  };
}

type Scan = { words: string[]; word: string | null; wordStart: number };

function scanWords(input: string): Result<string[], WordError> {
  const scan: Scan = { words: [], word: null, wordStart: 0 };
  let i = 0;
  while (i < input.length) {
    const step = scanStep(input, i, scan);
    if (!step.ok) return step;
    i = step.value;
  }
  const ended = endWord(scan);
  return ended === null ? ok(scan.words) : err(ended);
}

/** Consumes one unit (a separator, a quoted part, an escape or a plain character) and returns the next index. */
function scanStep(input: string, i: number, scan: Scan): Result<number, WordError> {
  const c = input.charAt(i);
  if (c === ' ' || c === '\t') {
    const ended = endWord(scan);
    return ended === null ? ok(i + 1) : err(ended);
  }
  if (scan.word === null) {
    scan.word = '';
    scan.wordStart = i;
  }
  if (c === "'") return scanSingleQuoted(input, i, scan);
  if (c === '"') return scanDoubleQuoted(input, i, scan);
  if (c === '\\') return scanEscape(input, i, scan);
  const syntax = SHELL_SYNTAX_STARTS.has(c)
    ? SHELL_SYNTAX.find(([token]) => input.startsWith(token, i))
    : undefined;
  if (syntax !== undefined) {
    const [token, meaning] = syntax;
    return err({
      column: i + 1,
      reason: `unquoted '${token}' (${meaning}) at column ${i + 1} is refused: kubegate runs one kubectl command and no shell`,
    });
  }
  scan.word += c;
  return ok(i + 1);
}

function scanSingleQuoted(input: string, open: number, scan: Scan): Result<number, WordError> {
  const close = input.indexOf("'", open + 1);
  if (close < 0) {
    return err({ column: open + 1, reason: `the single quote at column ${open + 1} is never closed` });
  }
  scan.word = `${scan.word ?? ''}${input.slice(open + 1, close)}`;
  return ok(close + 1);
}

function scanDoubleQuoted(input: string, open: number, scan: Scan): Result<number, WordError> {
  let text = '';
  for (let i = open + 1; i < input.length; i++) {
    const c = input.charAt(i);
    if (c === '"') {
      scan.word = `${scan.word ?? ''}${text}`;
      return ok(i + 1);
    }
    if (c === '$' || c === '`') {
      return err({
        column: i + 1,
        reason: `'${c}' inside double quotes at column ${i + 1} is refused: a shell would expand it; use single quotes for a literal`,
      });
    }
    // POSIX: inside double quotes a backslash escapes only $ ` " \ (and newline, refused earlier); otherwise it is literal.
    const next = input.charAt(i + 1);
    if (c === '\\' && (next === '"' || next === '\\' || next === '$' || next === '`')) {
      text += next;
      i++;
    } else {
      text += c;
    }
  }
  return err({ column: open + 1, reason: `the double quote at column ${open + 1} is never closed` });
}

function scanEscape(input: string, i: number, scan: Scan): Result<number, WordError> {
  const codePoint = input.codePointAt(i + 1);
  if (codePoint === undefined) {
    return err({
      column: i + 1,
      reason: `the backslash at column ${i + 1} ends the command and escapes nothing`,
    });
  }
  const escaped = String.fromCodePoint(codePoint);
  scan.word = `${scan.word ?? ''}${escaped}`;
  return ok(i + 1 + escaped.length);
}

/** Closes the word in progress; refuses one that starts with a dash a reader would take for '-'. */
function endWord(scan: Scan): WordError | null {
  const word = scan.word;
  if (word === null) return null;
  scan.word = null;
  if (LOOK_ALIKE_DASH.test(word)) {
    const column = scan.wordStart + 1;
    const shown = word.length > 40 ? `${word.slice(0, 40)}…` : word;
    return {
      column,
      reason: `the word '${shown}' at column ${column} looks like a flag but starts with ${describeCharacter(word)}; use ASCII '-'`,
    };
  }
  scan.words.push(word);
  return null;
}
