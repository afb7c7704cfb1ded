/** Label and field selectors with the grammar of apimachinery's `labels.Parse` / `fields.ParseSelector`. */
import type { ResourceType } from './resources.ts';
import { StatusError, badRequest } from './status.ts';
import { isRecord, type KubeObject } from './types.ts';

type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: readonly string[] }
  | { op: 'exists' | '!exists'; key: string };

export type Matcher = (obj: KubeObject) => boolean;

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_./]*[a-z0-9A-Z])?)$/;

/** Splits on commas that are not inside `( … )`, as set-based requirements contain commas. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseLabelRequirement(raw: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(raw);
  if (set) {
    const values = set[3]!
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { op: set[2] === 'in' ? 'in' : 'notin', key: checkKey(set[1]!, raw), values };
  }
  const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(raw);
  if (eq) return { op: eq[2] === '!=' ? '!=' : '=', key: checkKey(eq[1]!, raw), value: eq[3]! };
  if (raw.startsWith('!')) return { op: '!exists', key: checkKey(raw.slice(1).trim(), raw) };
  return { op: 'exists', key: checkKey(raw, raw) };
}

function checkKey(key: string, raw: string): string {
  if (!KEY.test(key)) throw new StatusError(badRequest(`unable to parse requirement: ${raw}`));
  return key;
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case '=':
      return value === req.value;
    case '!=':
      return value !== req.value;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

export function parseLabelSelector(selector: string | null): Matcher {
  const reqs = splitTopLevel(selector ?? '').map(parseLabelRequirement);
  return (obj) => reqs.every((r) => matches(r, obj.metadata.labels?.[r.key]));
}

/** Matches a `matchLabels` / `matchExpressions` LabelSelector object against a label map. */
export function selectorMatches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  if (!isRecord(selector)) return false;
  const matchLabels = isRecord(selector['matchLabels']) ? selector['matchLabels'] : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels?.[k] !== v) return false;
  const exprs = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  return exprs.every((e: unknown) => {
    if (!isRecord(e) || typeof e['key'] !== 'string') return false;
    const values = Array.isArray(e['values']) ? e['values'].filter((v) => typeof v === 'string') : [];
    const op = String(e['operator']);
    const value = labels?.[e['key']];
    if (op === 'In') return matches({ op: 'in', key: e['key'], values }, value);
    if (op === 'NotIn') return matches({ op: 'notin', key: e['key'], values }, value);
    return matches({ op: op === 'Exists' ? 'exists' : '!exists', key: e['key'] }, value);
  });
}

/** Renders a LabelSelector object as the string form status.selector and `-l` use. */
export function selectorString(selector: unknown): string {
  if (!isRecord(selector) || !isRecord(selector['matchLabels'])) return '';
  return Object.entries(selector['matchLabels'])
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

function fieldValue(obj: KubeObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = isRecord(cur) ? cur[part] : undefined;
  if (path === 'spec.unschedulable') return String(cur === true);
  if (path === 'source' && isRecord(cur)) return typeof cur['component'] === 'string' ? cur['component'] : '';
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

/** Only the fields each resource's registry strategy exposes are selectable; others are a 400, as for real. */
export function parseFieldSelector(selector: string | null, r: ResourceType): Matcher {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...r.fields]);
  const reqs = splitTopLevel(selector ?? '').map((raw) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(raw);
    if (!m) throw new StatusError(badRequest(`invalid selector: '${raw}'; can't understand '${raw}'`));
    const key = m[1]!.trim();
    if (!allowed.has(key)) throw new StatusError(badRequest(`field label not supported: ${key}`));
    return { key, negate: m[2] === '!=', value: m[3]!.trim() };
  });
  return (obj) => reqs.every((q) => (fieldValue(obj, q.key) === q.value) !== q.negate);
}
