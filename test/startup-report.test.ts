import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config.ts';
import { describeStore } from '../src/startup-report.ts';

const storeOf = (STORE_URL: string) => {
  const loaded = loadConfig({ STORE_URL, STORE_SIGNING_KEY: 'k'.repeat(32) });
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.error));
  return loaded.value.store;
};

describe('the start-up report names the store in use', () => {
  test('a Redis store is called Redis, by its host alone (the URL may carry a password)', () => {
    const shown = describeStore(storeOf('redis://:s3cret@redis.internal:6380/2'));
    assert.equal(shown, 'redis (redis.internal:6380)');
    assert.doesNotMatch(shown, /memory|s3cret/);
  });

  test('SQLite by its path, memory as memory', () => {
    assert.equal(describeStore(storeOf('sqlite:///var/lib/kubegate.db')), 'sqlite (/var/lib/kubegate.db)');
    assert.equal(describeStore(storeOf('memory://')), 'memory (nothing survives a restart)');
  });
});
