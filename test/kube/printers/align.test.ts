import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignTabs, DESCRIBE_STOPS, GET_STOPS } from '../../../src/kube/printers/align.ts';

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
