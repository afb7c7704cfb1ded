/**
 * One JSON text per value: object keys sorted at every depth, undefined members dropped, no whitespace. Two equal
 * values always give the same text, so it can be hashed or MACed and checked again after a round trip through
 * any store (which may reorder keys).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // What JSON cannot hold (a function, a symbol) is written as null, as JSON.stringify does inside arrays.
  return typeof value === 'function' || typeof value === 'symbol' ? 'null' : JSON.stringify(value);
}

/**
 * The same value with object keys in canonical order at every depth (undefined members dropped), so that
 * `JSON.stringify(withCanonicalKeys(v))` is `canonicalJson(v)` — except where JavaScript itself puts integer-like
 * keys first, which a caller comparing texts must allow for.
 */
export function withCanonicalKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withCanonicalKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, withCanonicalKeys(v)] as const);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
