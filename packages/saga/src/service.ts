import { ALL_TOPICS } from '@jobtrack/contracts';
import {
  commonEnv,
  createLogger,
  createRedis,
  env,
  type Logger,
  loadConfig,
  type Messaging,
  type Running,
  redisReady,
  requireInfra,
  runMain,
  startKafkaWorker,
} from '@jobtrack/platform';
import type { SagaDefinition } from './definition.ts';
import { startSagaOrchestrator } from './start.ts';
import type { SagaStore } from './store/port.ts';
import { RedisSagaStore } from './store/redis-saga-store.ts';
import { type SagaTiming, sagaTimingEnv, sagaTimingFrom } from './timing.ts';

export interface SagaServiceDeps {
  messaging: Messaging;
  logger: Logger;
  store: SagaStore;
  timing: SagaTiming;
}

/** What each domain exports: its saga, built on the clock it is given. */
export type SagaFactory = (timing: SagaTiming) => SagaDefinition;

/**
 * Starts the orchestrator service of one saga domain: its topics exist, then it consumes its commands and
 * replies in consumer groups named after the service and fires its timers. Tests and the embedded runner call
 * this with their own store and timing; `runSagaServiceMain` calls it with Redis.
 */
export async function startSagaService(
  service: string,
  saga: SagaFactory,
  deps: SagaServiceDeps,
): Promise<Running> {
  await deps.messaging.createTopics(ALL_TOPICS);
  return startSagaOrchestrator({
    definition: saga(deps.timing),
    messaging: deps.messaging,
    logger: deps.logger,
    store: deps.store,
    timers: { pollIntervalMs: deps.timing.timerPollMs },
    groupId: service,
    replyGroupId: `${service}-replies`,
  });
}

/** The whole main of a saga orchestrator service: configuration, Redis, Kafka, operational endpoints. */
export function runSagaServiceMain(options: {
  service: string;
  saga: SagaFactory;
  metricsPort: number;
}): Promise<void> {
  const { service } = options;
  return runMain(service, async () => {
    const config = loadConfig({
      ...commonEnv,
      ...sagaTimingEnv,
      METRICS_PORT: env.port.default(options.metricsPort),
    });
    const logger = createLogger({ name: service, level: config.LOG_LEVEL });
    const redis = createRedis({
      url: requireInfra(config.REDIS_URL, 'REDIS_URL is'),
      keyPrefix: config.REDIS_KEY_PREFIX,
      logger,
      name: service,
    });
    const timing = sagaTimingFrom(config);
    const { type } = options.saga(timing);
    const worker = await startKafkaWorker({
      service,
      config,
      logger,
      checks: { saga_store: () => redis.status === 'ready' },
      start: async (messaging) => {
        await redisReady(redis, logger);
        return startSagaService(service, options.saga, {
          messaging,
          logger,
          store: new RedisSagaStore(redis, { type }),
          timing,
        });
      },
    });
    return {
      ...worker,
      async stop() {
        await worker.stop();
        await redis.quit();
      },
    };
  });
}
