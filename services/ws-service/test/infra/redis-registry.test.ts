import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import { createLogger, createRedis } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import { RedisSocketRegistry } from '../../src/registry/redis-registry.ts';
import { socketRegistryContract } from '../support/registry-contract.ts';

const keyPrefix = `test:ws-registry:${randomUUID()}:`;
const redis = createRedis({
  url: requireEnv('REDIS_URL'),
  keyPrefix,
  logger: createLogger({ name: 'ws-registry-test', level: 'silent' }),
  name: 'ws-registry-test',
});

after(async () => {
  // SCAN does not apply the client's prefix to its pattern, and returns keys with the prefix on.
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${keyPrefix}*`, count: 500 })) keys.push(...batch);
  if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(keyPrefix.length)));
  await redis.quit();
});

socketRegistryContract('redis', async (ttlMs) => new RedisSocketRegistry({ redis, ttlMs }));
