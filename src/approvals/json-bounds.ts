/**
 * Bounds on agent-supplied JSON. Nesting is what breaks things: a recursive parser or serialiser (zod, a client's
 * JSON library, a renderer) overflows its stack on a value 3,000 levels deep, and one 2,000 deep that got stored
 * breaks every client that later reads the list holding it. So depth is measured here without recursion, before
 * anything recursive touches the value.
 */
export const MAX_JSON_DEPTH = 32;
export const MAX_METADATA_DEPTH = 8;
export const MAX_METADATA_BYTES = 16 * 1024;

/** How deep `value` nests (a scalar is 0, `{}` and `[]` are 1), or `limit + 1` as soon as it goes deeper. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [undefined, 0];
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > limit) return limit + 1;
    deepest = Math.max(deepest, level);
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/** Whether `value` is plain JSON (what JSON.parse can return), checked without recursion. */
export function isPlainJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current === 'string' || typeof current === 'boolean') continue;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return false;
      continue;
    }
    if (Array.isArray(current)) stack.push(...(current as unknown[]));
    else if (typeof current === 'object' && Object.getPrototypeOf(current) === Object.prototype)
      stack.push(...Object.values(current as Record<string, unknown>));
    else return false;
  }
  return true;
}
