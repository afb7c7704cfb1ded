import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { StoreConfig } from '../config.ts';

/** The key of the MAC over stored approvals, and where it came from (for the start-up report). */
export type SigningKey = { readonly key: Buffer; readonly source: string };

/** At least 32 bytes, as HMAC-SHA256 wants a key as long as its output. */
export const MIN_SIGNING_KEY_BYTES = 32;

/**
 * STORE_SIGNING_KEY when set. Otherwise memory gets a random key (nothing outlives the process anyway), and SQLite a
 * random key kept in a file beside the database, mode 0600, so records stay verifiable across restarts; a key in
 * the database itself would be rewritten along with a tampered record. Redis is shared by replicas and reachable
 * over the network: it must be given a key (config refuses to start without one).
 */
export function resolveSigningKey(store: StoreConfig, configured: string | undefined): SigningKey {
  if (configured !== undefined) return { key: Buffer.from(configured, 'utf8'), source: 'STORE_SIGNING_KEY' };
  switch (store.kind) {
    case 'memory':
      return { key: randomBytes(MIN_SIGNING_KEY_BYTES), source: 'generated for this process (memory store)' };
    case 'sqlite':
      return store.path === ':memory:'
        ? { key: randomBytes(MIN_SIGNING_KEY_BYTES), source: 'generated for this process (in-memory SQLite)' }
        : keyFileBeside(store.path);
    case 'redis':
      throw new Error('STORE_SIGNING_KEY is required with a Redis store');
  }
}

function keyFileBeside(dbPath: string): SigningKey {
  const path = `${resolve(dbPath)}.key`;
  const existing = readKeyFile(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(MIN_SIGNING_KEY_BYTES);
  try {
    // `wx`: if another process created it meanwhile, use theirs rather than overwrite the key its records are sealed with.
    writeFileSync(path, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    const raced = (e as NodeJS.ErrnoException).code === 'EEXIST' ? readKeyFile(path) : undefined;
    if (raced) return raced;
    throw e;
  }
  return { key, source: `generated, kept in ${path} (mode 0600)` };
}

function readKeyFile(path: string): SigningKey | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const key = Buffer.from(text, 'base64url');
    if (key.length < MIN_SIGNING_KEY_BYTES)
      throw new Error(`${path} holds fewer than ${MIN_SIGNING_KEY_BYTES} bytes of key`);
    // A key readable by others lets them forge records: tighten it rather than keep using it as is.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key, source: `generated, kept in ${path} (mode 0600)` };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return undefined;
  }
}
