import { createConnection } from 'node:net';

/**
 * The Redis the tests use: 127.0.0.1:6379 (what .ci/run starts), or TEST_REDIS_PORT so that two checkouts on one
 * machine can each run their suite against a redis-server of their own (the Redis tests flush their databases).
 */
export const TEST_REDIS_PORT = Number(process.env.TEST_REDIS_PORT ?? 6379);

/** A redis:// URL of database `db` on the test Redis. */
export function testRedisUrl(db: number): string {
  return `redis://127.0.0.1:${TEST_REDIS_PORT}/${db}`;
}

/** Whether a redis-server answers on the test port (.ci/run starts one; a developer may not have it). */
export const redisAnswers: boolean = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: TEST_REDIS_PORT }, () => {
    socket.end();
    resolve(true);
  });
  socket.on('error', () => {
    resolve(false);
  });
});

export const NO_REDIS = `no redis-server answers on 127.0.0.1:${TEST_REDIS_PORT} (.ci/run starts one)`;

/** Skip reason for Redis tests on a developer machine without Redis; in CI they run (and fail if Redis is missing). */
export const redisSkip: string | false = redisAnswers || process.env.CI === 'true' ? false : NO_REDIS;
