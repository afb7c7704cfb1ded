import { DNS1123_LABEL } from '../../approvals/proposal-schema.ts';
import { err, ok, type Result } from '../../approvals/result.ts';
import { invalid, type OutputFormat, type Refusal } from './model.ts';
import { describeCharacter } from './words.ts';

// @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
// A subdomain is dot-separated labels: the label pattern, unanchored, repeated.
const LABEL = DNS1123_LABEL.source.slice(1, -1);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
// Label selectors: keys, values, = == != , ! and set-based "in (a,b)". Nothing else reaches the API server.
const LABEL_SELECTOR = /^[A-Za-z0-9._/=!,() -]+$/;
const FIELD_SELECTOR = /^[A-Za-z0-9._/=!,-]+$/;
const MAX_SELECTOR_LENGTH = 1024;
const DIGITS = /^[0-9]{1,9}$/;
const DURATION = /^(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,6})s)?$/;

/** A word quoted for a reason string, cut short so a hostile word cannot flood the message. */
export function quote(word: string): string {
  return word.length > 64 ? `'${word.slice(0, 64)}…'` : `'${word}'`;
}

/** Object names are DNS-1123 subdomains: pods, deployments, nodes, … */
export function checkName(what: string, value: string): Result<string, Refusal> {
  return checkDns(what, value, {
    pattern: DNS1123_SUBDOMAIN,
    max: 253,
    letters: /[a-z0-9.-]/,
    alphabet: "lowercase letters, digits, '-' and '.'",
  });
}

/** Namespaces and container names are DNS-1123 labels. */
export function checkLabel(what: string, value: string): Result<string, Refusal> {
  return checkDns(what, value, {
    pattern: DNS1123_LABEL,
    max: 63,
    letters: /[a-z0-9-]/,
    alphabet: "lowercase letters, digits and '-'",
  });
}

type DnsRule = { pattern: RegExp; max: number; letters: RegExp; alphabet: string };

function checkDns(
  what: string,
  value: string,
  { pattern, max, letters, alphabet }: DnsRule,
): Result<string, Refusal> {
  if (pattern.test(value) && value.length <= max) return ok(value);
  const prefix = `${what} ${quote(value)} is not a valid Kubernetes name`;
  if (value === '') return err(invalid(`${what} is empty`));
  if (value.length > max) {
    return err(invalid(`${prefix}: it is ${value.length} characters long; the limit is ${max}`));
  }
  const stray = firstStray(value, letters);
  if (stray !== undefined) {
    return err(invalid(`${prefix}: it contains ${describeStray(stray)}; use only ${alphabet}`));
  }
  return err(invalid(`${prefix}: it must start and end with a letter or digit`));
}

export function checkSelector(flag: string, value: string, kind: 'label' | 'field'): Result<string, Refusal> {
  const pattern = kind === 'label' ? LABEL_SELECTOR : FIELD_SELECTOR;
  if (value.length > MAX_SELECTOR_LENGTH) {
    return err(invalid(`${flag} is ${value.length} characters long; the limit is ${MAX_SELECTOR_LENGTH}`));
  }
  if (pattern.test(value) && value.trim() !== '') return ok(value);
  const stray = firstStray(value, pattern);
  const why = stray === undefined ? 'it is empty' : `it contains ${describeStray(stray)}`;
  return err(invalid(`${flag} ${quote(value)} is not a ${kind} selector kubegate accepts: ${why}`));
}

/** The first code point (not UTF-16 unit, so a reason can name it) that `allowed` rejects. */
function firstStray(value: string, allowed: RegExp): string | undefined {
  for (const c of value) if (!allowed.test(c)) return c;
  return undefined;
}

function describeStray(c: string): string {
  if (c === ' ') return 'a space';
  return /^[\x21-\x7e]$/.test(c) ? `'${c}'` : describeCharacter(c);
}

/** A whole number within [min, max], spelled only with digits: "5x", "+5", "1e3", "0x10" and "-1" are refused. */
export function parseCount(flag: string, value: string, min: number, max: number): Result<number, Refusal> {
  const n = DIGITS.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) return err(invalid(`${flag} needs a whole number, got ${quote(value)}`));
  if (n < min || n > max) return err(invalid(`${flag} must be between ${min} and ${max}, got ${n}`));
  return ok(n);
}

/** A positive duration such as 30s, 10m, 1h or 1h30m, in seconds. */
export function parseDuration(flag: string, value: string): Result<number, Refusal> {
  const match = value === '' ? null : DURATION.exec(value);
  if (match === null) {
    return err(invalid(`${flag} needs a duration such as 30s, 10m, 1h or 1h30m, got ${quote(value)}`));
  }
  const [, h = '0', m = '0', s = '0'] = match;
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
  if (seconds === 0) return err(invalid(`${flag} must be longer than 0 seconds, got ${quote(value)}`));
  return ok(seconds);
}

const OUTPUTS: readonly OutputFormat[] = ['json', 'yaml', 'wide', 'name'];

export function parseOutput(value: string | undefined): Result<OutputFormat, Refusal> {
  if (value === undefined) return ok('table');
  const format = OUTPUTS.find((o) => o === value);
  if (format !== undefined) return ok(format);
  return err({
    code: 'unsupported_command',
    reason: `output format ${quote(value)} is not supported; use -o with ${OUTPUTS.join(', ')}`,
    supported: OUTPUTS.join(', '),
  });
}
