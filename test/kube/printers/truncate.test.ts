import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { boundOutput } from '../../../src/kube/printers/truncate.ts';

const lines = (count: number, width = 99): string =>
  Array.from({ length: count }, (_, i) => String(i).padStart(width, '-')).join('\n');

test('returns output within the limit unchanged', () => {
  const text = lines(10);
  assert.equal(boundOutput(text, 1000), text);
});

test('cuts after a whole line and says how many lines and bytes were left out', () => {
  const text = lines(100); // 100 lines of 99 characters: 9,999 bytes
  const bounded = boundOutput(text, 1000);
  const kept = bounded.split('\n');
  const notice = kept.pop();
  assert.ok(Buffer.byteLength(bounded) <= 1000);
  assert.ok(
    kept.every((line) => line.length === 99),
    'no line is cut in half',
  );
  assert.equal(
    notice,
    `… [output truncated: ${100 - kept.length} more lines, ${Math.round((9999 - kept.length * 100) / 1024)} KB]`,
  );
});

test('keeps to the default 64 KB', () => {
  const bounded = boundOutput(lines(2000));
  assert.ok(Buffer.byteLength(bounded) <= 64 * 1024);
  assert.match(bounded, /\n… \[output truncated: \d+ more lines, \d+ KB\]$/);
});

test('cuts a single overlong line at a character boundary', () => {
  const bounded = boundOutput('é'.repeat(600), 300);
  assert.ok(Buffer.byteLength(bounded) <= 300);
  assert.doesNotMatch(bounded, /\uFFFD/);
  assert.match(bounded, /^é+\n… \[output truncated: 1 more line, \d+ B\]$/);
});

test('counts what is left in bytes, not characters', () => {
  const text = `${'a'.repeat(50)}\n${'€'.repeat(100)}`; // the second line is 300 bytes
  assert.equal(boundOutput(text, 100), `${'a'.repeat(50)}\n… [output truncated: 1 more line, 300 B]`);
});
