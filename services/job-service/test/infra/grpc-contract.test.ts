import { randomUUID } from 'node:crypto';
import { createLogger, createRedis, KafkaBus } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import { RedisJobStore } from '../../src/store/redis-job-store.ts';
import { expiryContract } from '../support/expiry-contract.ts';
import { jobServiceContract } from '../support/grpc-contract.ts';

// Kafka's rebalancing chatter as several job services join one group is expected here; errors still show.
const logger = createLogger({ name: 'job-service-contract', level: 'error' });

/** Each suite its own key prefix and topic prefix, so runs and suites never see each other's data. */
function realInfrastructure() {
  const run = randomUUID().slice(0, 8);
  return {
    store: async () =>
      new RedisJobStore(
        createRedis({
          url: requireEnv('REDIS_URL'),
          keyPrefix: `test:${run}:`,
          logger,
          name: 'job-service-test',
        }),
        { logger },
      ),
    bus: () =>
      new KafkaBus({ brokers: requireEnv('KAFKA_BROKERS').split(','), clientId: `test-${run}`, logger }),
    topicPrefix: `test-${run}.`,
  };
}

jobServiceContract('Redis store and Kafka bus', realInfrastructure());
expiryContract('Redis store and Kafka bus', realInfrastructure());
