import { randomUUID } from 'node:crypto';
import { createLogger, createRedis } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import { RedisSagaStore } from '../../src/index.ts';
import { sagaStoreContract } from '../support/saga-store-contract.ts';

const logger = createLogger({ name: 'saga-store-contract', level: 'warn' });
const run = randomUUID();
let stores = 0;

sagaStoreContract('redis', async () => {
  stores += 1;
  const redis = createRedis({
    url: requireEnv('REDIS_URL'),
    keyPrefix: `test:${run}:${stores}:`,
    logger,
    name: 'saga-store-test',
  });
  return { store: new RedisSagaStore(redis, { type: 'order.place' }), close: async () => void (await redis.quit()) };
});
