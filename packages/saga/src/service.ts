import { ALL_TOPICS } from '@jobtrack/contracts';
import {
  type Logger,
  type Messaging,
  env as platformEnv,
  type Running,
  runService,
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
  const { service: name, saga } = options;
  const env = { ...sagaTimingEnv, METRICS_PORT: platformEnv.port.default(options.metricsPort) };
  return runService(name, env, async (service) => {
    const { config, logger } = service;
    // Served first, so a probe sees "not ready" while Kafka or Redis is still coming up.
    await service.serveOperational(config.METRICS_PORT);
    const messaging = await service.kafka();
    const redis = await service.redis();
    const timing = sagaTimingFrom(config);
    const store = new RedisSagaStore(redis, { type: saga(timing).type });
    const orchestrator = await startSagaService(name, saga, { messaging, logger, store, timing });
    service.onStop(() => orchestrator.stop());
  });
}
