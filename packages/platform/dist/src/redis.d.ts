import { Redis } from 'ioredis';
import type { Logger } from 'pino';
/**
 * A Redis client for the hot path: commands issued in the same tick are pipelined automatically, and a
 * command fails after a bounded number of reconnect attempts instead of queueing forever.
 */
export declare function createRedis(options: {
    url: string;
    keyPrefix: string;
    logger: Logger;
    name: string;
}): Redis;
