import { createConnection } from 'node:net';

/** Whether a redis-server answers on 127.0.0.1:6379 (.ci/run starts one; a developer may not have it). */
export const redisAnswers: boolean = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: 6379 }, () => {
    socket.end();
    resolve(true);
  });
  socket.on('error', () => {
    resolve(false);
  });
});

export const NO_REDIS = 'no redis-server answers on 127.0.0.1:6379 (.ci/run starts one)';

/** Skip reason for Redis tests on a developer machine without Redis; in CI they run (and fail if Redis is missing). */
export const redisSkip: string | false = redisAnswers || process.env.CI === 'true' ? false : NO_REDIS;
