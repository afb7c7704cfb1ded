import { randomUUID } from 'node:crypto';
import { ApprovalIdSchema } from '../approvals/model.ts';
import type { ChangeFeed, ChangeNotice } from '../approvals/ports.ts';
import type { RedisConnection } from './redis-kv.ts';

type Wire = ChangeNotice & { readonly origin: string };

/**
 * Replicas tell each other about committed changes on one Redis channel. The subscriber is its own connection
 * (a subscribed connection can send nothing else); node-redis re-subscribes by itself after a reconnection. A
 * notice lost meanwhile costs a waiter its early wake-up, never a decision: every reader re-reads the store.
 */
export async function redisChangeFeed(
  redis: RedisConnection,
  channel: string,
): Promise<ChangeFeed & { close(): Promise<void> }> {
  const origin = randomUUID();
  const listeners = new Set<(notice: ChangeNotice) => void>();
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined);
  await subscriber.connect();
  await subscriber.subscribe(channel, (message) => {
    const notice = parseNotice(message);
    if (notice === undefined || notice.origin === origin) return;
    const { id, version, event } = notice;
    for (const listener of listeners) listener({ id, version, event });
  });
  return {
    publish(notice) {
      const wire: Wire = { ...notice, origin };
      redis.publish(channel, JSON.stringify(wire)).catch(() => undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      if (subscriber.isOpen) await subscriber.close();
    },
  };
}

/** Anyone who can reach Redis can publish: a notice that does not even look like one is dropped. */
function parseNotice(message: string): Wire | undefined {
  try {
    const value = JSON.parse(message) as Partial<Wire>;
    const id = ApprovalIdSchema.safeParse(value.id);
    const typed =
      typeof value.origin === 'string' &&
      typeof value.version === 'number' &&
      typeof value.event?.type === 'string';
    return id.success && typed ? (value as Wire) : undefined;
  } catch {
    return undefined;
  }
}
