import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis client for the hot path: commands issued in the same tick are pipelined automatically, and a
 * command fails after a bounded number of reconnect attempts instead of queueing forever.
 */
export function createRedis(options: {
  url: string;
  keyPrefix: string;
  logger: Logger;
  name: string;
}): Redis {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    connectionName: options.name,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 3,
    lazyConnect: false,
  });
  const log = options.logger.child({ component: 'redis' });
  redis.on('error', (error: Error) => log.warn({ err: error }, 'redis connection error'));
  return redis;
}

/**
 * Resolves once the client is connected, so a service started before Redis waits (not ready) instead of failing
 * its first commands; ioredis keeps reconnecting meanwhile. Logs every 10 s that it is still waiting.
 */
export async function redisReady(redis: Redis, logger: Logger): Promise<void> {
  if (redis.status === 'ready') return;
  const log = logger.child({ component: 'redis' });
  const started = Date.now();
  const reminder = setInterval(
    () => log.warn({ waitedMs: Date.now() - started }, 'waiting for Redis'),
    10_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        redis.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        redis.off('ready', onReady);
        reject(new Error('the Redis client was closed before it connected'));
      };
      redis.once('ready', onReady);
      redis.once('end', onEnd);
    });
  } finally {
    clearInterval(reminder);
  }
}
