const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `250ms`, `45s`, `30m`, `2h`, `1d` (or a chain such as `1h30m`) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return undefined;
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * (UNITS[unit ?? ''] ?? Number.NaN),
    0,
  );
}
