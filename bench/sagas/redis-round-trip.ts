import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';

/** A Redis round trip (PING over ioredis): the unit the saga store's work per transition is counted in. */
export async function startRedisRoundTrip(
  url: string,
): Promise<{ roundTrip(): Promise<number>; stop(): void }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  return {
    async roundTrip() {
      const sentAt = performance.now();
      await redis.ping();
      return performance.now() - sentAt;
    },
    stop: () => redis.disconnect(),
  };
}
