import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAge, formatSpan, humanDuration } from '../../../src/kube/printers/age.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

// Each boundary of apimachinery's HumanDuration, from both sides.
const cases: readonly (readonly [number, string])[] = [
  [-2 * S, '<invalid>'],
  [-1 * S, '0s'],
  [0, '0s'],
  [45 * S, '45s'],
  [119 * S, '119s'],
  [120 * S, '2m'],
  [5 * M + 12 * S, '5m12s'],
  [9 * M + 59 * S, '9m59s'],
  [10 * M + 30 * S, '10m'],
  [179 * M, '179m'],
  [3 * H, '3h'],
  [3 * H + 5 * M, '3h5m'],
  [7 * H + 59 * M, '7h59m'],
  [8 * H + 30 * M, '8h'],
  [47 * H, '47h'],
  [2 * D, '2d'],
  [2 * D + 4 * H, '2d4h'],
  [7 * D + 23 * H, '7d23h'],
  [8 * D + 5 * H, '8d'],
  [729 * D, '729d'],
  [2 * Y, '2y'],
  [Y * 2 + 10 * D, '2y10d'],
  [8 * Y + 100 * D, '8y'],
];

for (const [ms, expected] of cases) {
  test(`reads ${ms} ms as ${expected}`, () => {
    assert.equal(humanDuration(ms), expected);
  });
}

test('reads a Date and an ISO string alike', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  assert.equal(formatAge(new Date('2026-03-01T11:48:00Z'), now), '12m');
  assert.equal(formatAge('2026-03-01T11:48:00Z', now), '12m');
});

test('prints <unknown> for a missing or unparseable timestamp', () => {
  const now = new Date();
  assert.equal(formatAge(undefined, now), '<unknown>');
  assert.equal(formatAge('not a time', now), '<unknown>');
});

test('measures a finished span between its ends and a running one up to now', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  assert.equal(formatSpan('2026-03-01T11:00:00Z', new Date('2026-03-01T11:00:42Z'), now), '42s');
  assert.equal(formatSpan(new Date('2026-03-01T11:55:00Z'), undefined, now), '5m');
  assert.equal(formatSpan(undefined, undefined, now), '');
});
