import { createClient } from '@redis/client';
import type { KeyvBridgeStore } from 'keyv';

const makeClient = (url: string) => createClient({ url, socket: { reconnectStrategy: (retries: number) => Math.min(retries * 100, 3000) } });
export type RedisConnection = ReturnType<typeof makeClient>;

/** Connects to Redis; commands issued while reconnecting wait in node-redis's offline queue. */
export async function connectRedis(url: string): Promise<RedisConnection> {
  const client = makeClient(url);
  client.on('error', () => undefined); // reconnection is automatic; the store's callers see failed commands
  await client.connect();
  return client;
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
