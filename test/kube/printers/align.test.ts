import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { alignColumns, alignTabs, DESCRIBE_STOPS, GET_STOPS } from '../../../src/kube/printers/align.ts';

test('pads each column to its widest cell plus padding, leaving the last cell alone', () => {
  assert.equal(alignTabs('NAME\tAGE\nlonger-name\t3d', GET_STOPS), 'NAME          AGE\nlonger-name   3d');
});

test('gives a narrow column the minimum width, as kubectl get does', () => {
  assert.equal(alignTabs('A\tB\nx\ty', GET_STOPS), 'A     B\nx     y');
});

test('restarts alignment after a line without that column', () => {
  const text = ['Name:\tapi', 'Containers:', '  api:', '    Restart Count:\t7', '    Image:\tx'].join('\n');
  assert.equal(
    alignTabs(text, DESCRIBE_STOPS),
    ['Name:  api', 'Containers:', '  api:', '    Restart Count:  7', '    Image:          x'].join('\n'),
  );
});

test('aligns a deeper column only across the lines that share it', () => {
  const text = ['Port:\thttp\t80/TCP', 'TargetPort:\t8080/TCP'].join('\n');
  assert.equal(
    alignTabs(text, DESCRIBE_STOPS),
    ['Port:        http  80/TCP', 'TargetPort:  8080/TCP'].join('\n'),
  );
});

test('counts characters, not bytes', () => {
  assert.equal(alignTabs('é\tx\nab\ty', DESCRIBE_STOPS), 'é   x\nab  y');
});

test('counts a character outside the BMP as one, as tabwriter counts runes', () => {
  // 🚀 is two UTF-16 code units; a width from .length would pad it one space short.
  assert.equal(alignTabs('🚀🚀\tx\nabc\ty', DESCRIBE_STOPS), '🚀🚀   x\nabc  y');
});

test('aligns a table as alignTabs aligns the same lines joined by tabs', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', '🚀', '名'), maxLength: 12 });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((columns) =>
        fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
          minLength: 1,
          maxLength: 8,
        }),
      ),
      fc.constantFrom(GET_STOPS, DESCRIBE_STOPS),
      (lines, stops) => {
        assert.equal(alignColumns(lines, stops), alignTabs(lines.map((l) => l.join('\t')).join('\n'), stops));
      },
    ),
  );
});
