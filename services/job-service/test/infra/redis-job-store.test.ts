import { randomUUID } from 'node:crypto';
import { createLogger, createRedis } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import { RedisJobStore } from '../../src/store/redis-job-store.ts';
import { jobStoreContract } from '../support/job-store-contract.ts';

const logger = createLogger({ name: 'job-store-contract', level: 'warn' });

jobStoreContract('redis', async () => {
  const redis = createRedis({
    url: requireEnv('REDIS_URL'),
    keyPrefix: `test:${randomUUID()}:`,
    logger,
    name: 'test',
  });
  return new RedisJobStore(redis);
});
