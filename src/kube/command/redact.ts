import type { Kind } from './model.ts';

/**
 * Reads need no approval, so what they print must not be credentials: container env `value`s (the name and any
 * `valueFrom` reference stay, so the reader still sees where a value comes from), ConfigMap `data`/`binaryData`
 * (unless the namespace is one whose ConfigMaps may be read), the last-applied annotation (a copy of the whole
 * applied object, env and data included), and anything shaped like a secret in any string (a password in a URL, a
 * private key, a well-known token). Secrets themselves are never read at all (kinds.ts). Every read says what was
 * redacted, so nobody mistakes a redacted value for the real one.
 */
export type RedactOptions = {
  /** Namespaces whose ConfigMap values may be shown (e.g. from policy); none by default. */
  readonly configMapNamespaces?: readonly string[];
};

export const REDACTED = '<redacted>';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Shapes of secret material in free text; each is replaced where it stands, the text around it kept. */
const SECRET_PATTERNS: readonly {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: string;
}[] = [
  {
    name: 'a password in a URL',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi,
    replace: `$1${REDACTED}@`,
  },
  {
    name: 'a private key',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replace: `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`,
  },
  {
    name: 'an API token',
    pattern:
      /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}|\bxox[abposr]-[A-Za-z0-9-]{8,}|\bxapp-[A-Za-z0-9-]{8,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bAKIA[0-9A-Z]{16}\b|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replace: REDACTED,
  },
];

/** A redacted copy of what a read returned, and what was redacted, in words. */
export type Redacted<T> = { readonly value: T; readonly notes: readonly string[] };

/** Redacts the objects a get or describe returned (any kind kubegate reads), without touching the originals. */
export function redactObjects<T>(kind: Kind, objects: T, opts: RedactOptions = {}): Redacted<T> {
  const notes = new Notes();
  // structuredClone keeps Dates (the printers compute ages from them) and never touches the originals.
  const copy = structuredClone(objects);
  for (const object of Array.isArray(copy) ? (copy as unknown[]) : [copy])
    redactObject(kind, object, opts, notes);
  const value = redactStrings(copy, notes) as T;
  return { value, notes: notes.list() };
}

/**
 * Redacts secret-shaped strings in a JSON-shaped value the caller owns (a response it has just parsed), in place:
 * no copy, as nothing else holds it. Table cells are the case: the server printed them from objects kubegate
 * never sees.
 */
export function redactStringsInPlace<T>(value: T): Redacted<T> {
  const notes = new Notes();
  return { value: redactStrings(value, notes) as T, notes: notes.list() };
}

/** Redacts secret-shaped strings in free text (logs, events, rendered output). */
export function redactText(text: string): Redacted<string> {
  const notes = new Notes();
  return { value: scrub(text, notes), notes: notes.list() };
}

/** The line appended to a read's output when something was redacted. */
export function redactionNotice(notes: readonly string[]): string {
  return `# kubegate redacted ${notes.join('; ')}. Secret material is never shown by reads.`;
}

class Notes {
  private readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
  list(): string[] {
    return [...this.counts].map(([what, n]) => `${n} ${what}`);
  }
}

function redactObject(kind: Kind, object: unknown, opts: RedactOptions, notes: Notes): void {
  if (!isRecord(object)) return;
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  if (annotations && typeof annotations[LAST_APPLIED] === 'string') {
    annotations[LAST_APPLIED] = REDACTED;
    notes.add('last-applied-configuration annotation(s)');
  }
  if (kind === 'configmap') {
    const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : '';
    if (!(opts.configMapNamespaces ?? []).includes(namespace)) redactConfigMap(object, notes);
    return;
  }
  for (const podSpec of podSpecsOf(object)) redactPodSpec(podSpec, notes);
}

function redactConfigMap(object: Record<string, unknown>, notes: Notes): void {
  for (const field of ['data', 'binaryData'] as const) {
    const data = object[field];
    if (!isRecord(data)) continue;
    for (const key of Object.keys(data)) {
      data[key] = REDACTED;
      notes.add(`ConfigMap ${field} value(s)`);
    }
  }
}

/** The pod specs an object carries: a pod's own, a workload's template, a CronJob's job template. */
function podSpecsOf(object: Record<string, unknown>): Record<string, unknown>[] {
  const spec = isRecord(object.spec) ? object.spec : undefined;
  if (!spec) return [];
  const template = isRecord(spec.template) ? spec.template : undefined;
  const jobTemplate =
    isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
  const jobPodTemplate = jobTemplate && isRecord(jobTemplate.template) ? jobTemplate.template : undefined;
  return [spec, template?.spec, jobPodTemplate?.spec]
    .filter(isRecord)
    .filter((s) => 'containers' in s || 'initContainers' in s);
}

function redactPodSpec(spec: Record<string, unknown>, notes: Notes): void {
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      if (!isRecord(container) || !Array.isArray(container.env)) continue;
      for (const env of container.env) {
        if (isRecord(env) && 'value' in env && env.value !== undefined) {
          env.value = REDACTED;
          notes.add('container env value(s)');
        }
      }
    }
  }
}

/**
 * Matches wherever any of SECRET_PATTERNS could (their union, with every flag any of them has and case-insensitive:
 * a wider net only costs a closer look), so that the strings with nothing secret-shaped in them, nearly all, cost
 * one native test and no copies.
 */
const MIGHT_HOLD_A_SECRET = new RegExp(
  SECRET_PATTERNS.map(({ pattern }) => `(?:${pattern.source})`).join('|'),
  unionFlags(),
);

/** `i` and every flag any pattern has, but `g` and `y`, which would make test() remember where it stopped. */
function unionFlags(): string {
  let flags = 'i';
  for (const { pattern } of SECRET_PATTERNS) {
    for (const flag of pattern.flags) {
      if (flag !== 'g' && flag !== 'y' && !flags.includes(flag)) flags += flag;
    }
  }
  return flags;
}

function scrub(text: string, notes: Notes): string {
  if (!MIGHT_HOLD_A_SECRET.test(text)) return text;
  let result = text;
  for (const { name, pattern, replace } of SECRET_PATTERNS) {
    result = result.replace(pattern, (...args: unknown[]) => {
      notes.add(`string(s) shaped like ${name}`);
      const groups = args.slice(1, -2).map((g) => (typeof g === 'string' ? g : ''));
      return replace.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? '');
    });
  }
  return result;
}

/** Every string in a JSON-shaped value scrubbed (iteratively: Kubernetes objects can be deep). */
function redactStrings(value: unknown, notes: Notes): unknown {
  if (typeof value === 'string') return scrub(value, notes);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isRecord(current) && !Array.isArray(current)) continue;
    // Index and key loops rather than entry pairs: a Table's cells are many small strings, and each pair was an
    // allocation that the interpreter (kubegate on stdio runs without V8's optimising compilers) does not elide.
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        const child: unknown = current[i];
        if (typeof child === 'string') current[i] = scrub(child, notes);
        else stack.push(child);
      }
    } else {
      for (const key of Object.keys(current)) {
        const child = current[key];
        if (typeof child === 'string') current[key] = scrub(child, notes);
        else stack.push(child);
      }
    }
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
