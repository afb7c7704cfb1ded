import { createClient } from '@redis/client';
import type { KeyvBridgeStore } from 'keyv';
import { StoreUnavailable } from '../approvals/ports.ts';

// A command that has not been answered in this long fails (503) instead of holding its request: Redis answers in
// well under a millisecond when it is up, so this is only ever reached when it is stalled or unreachable.
const COMMAND_TIMEOUT_MS = 2000;

// node-redis queues commands while it reconnects and sends them once Redis is back: a request would hang for the
// whole outage, and a write decided before it could land long after (see PITFALLS). Without the offline queue a
// command fails at once while the connection is down, and the caller gets a 503 it can retry.
const makeClient = (url: string) =>
  createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: COMMAND_TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(retries * 100, 2000),
    },
  });
export type RedisConnection = ReturnType<typeof makeClient>;

/** Connects to Redis; once connected, it reconnects by itself, and commands fail fast while it is away. */
export async function connectRedis(url: string): Promise<RedisConnection> {
  const client = makeClient(url);
  client.on('error', () => undefined); // reconnection is automatic; the store's callers see failed commands
  await client.connect();
  return client;
}

/** Runs a Redis command, turning a connection failure or timeout into StoreUnavailable (a 503 with the reason). */
export async function unavailableWhenFailing<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    throw new StoreUnavailable(`the Redis store is unavailable: ${reason}`, { cause });
  }
}

/**
 * A keyv store on Redis. (@keyv/redis only supports keyv 5; this one is small and lets kubegate write a record
 * and its indexes in one MULTI/EXEC, the same guarantee the SQLite store gives with a transaction.)
 */
export class RedisKvStore implements KeyvBridgeStore {
  private readonly client: RedisConnection;

  constructor(client: RedisConnection) {
    this.client = client;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(key)) ?? undefined;
  }

  async getMany(keys: string[]): Promise<Array<string | undefined>> {
    if (keys.length === 0) return [];
    return (await this.client.mGet(keys)).map((v) => v ?? undefined);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    await (ttl === undefined ? this.client.set(key, text) : this.client.set(key, text, { PX: ttl }));
    return true;
  }

  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<boolean[]> {
    const multi = this.client.multi();
    for (const { key, value, ttl } of entries) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (ttl === undefined) multi.set(key, text);
      else multi.set(key, text, { PX: ttl });
    }
    await multi.exec();
    return entries.map(() => true);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(key)) > 0;
  }

  clear(): Promise<void> {
    return Promise.reject(new Error('clearing a shared Redis is not something kubegate does'));
  }

  async disconnect(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
