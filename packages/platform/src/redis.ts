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
