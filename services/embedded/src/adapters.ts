import { type JobStore, MemoryJobStore, RedisJobStore } from '@jobtrack/job-service';
import {
  ConfigError,
  createRedis,
  KafkaBus,
  type Logger,
  MemoryBus,
  type MessageBus,
} from '@jobtrack/platform';
import { MemorySagaStore, RedisSagaStore, type SagaStore } from '@jobtrack/saga';
import {
  type EventBroker,
  MemoryBroker,
  MemorySocketRegistry,
  RedisSocketRegistry,
  SOCKET_REGISTRY_TTL_MS,
  type SocketRegistry,
} from '@jobtrack/ws-service';
import type { Redis } from 'ioredis';

export interface Adapters {
  mode: 'in-memory' | 'kafka+redis';
  bus: MessageBus;
  jobStore: JobStore;
  socketRegistry: SocketRegistry;
  wsBroker: EventBroker;
  /** The instance store of one saga type. */
  sagaStore(type: string): SagaStore;
  close(): Promise<void>;
}

/**
 * In-memory adapters when neither KAFKA_BROKERS nor REDIS_URL is set; the real ones when both are. One without
 * the other is refused: half the state in memory would be lost on restart while looking durable.
 */
export function createAdapters(options: {
  kafkaBrokers: string[] | undefined;
  kafkaClientId: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  logger: Logger;
}): Adapters {
  const { kafkaBrokers, redisUrl, logger } = options;
  if (!kafkaBrokers && !redisUrl) {
    const jobStore = new MemoryJobStore();
    return {
      mode: 'in-memory',
      bus: new MemoryBus(),
      jobStore,
      socketRegistry: new MemorySocketRegistry({ ttlMs: SOCKET_REGISTRY_TTL_MS }),
      wsBroker: new MemoryBroker(),
      sagaStore: () => new MemorySagaStore(),
      close: () => jobStore.close(),
    };
  }
  if (!kafkaBrokers || !redisUrl) {
    throw new ConfigError(
      'invalid configuration:\n  set both KAFKA_BROKERS and REDIS_URL, or neither for in-memory mode',
    );
  }
  const redis: Redis = createRedis({
    url: redisUrl,
    keyPrefix: options.redisKeyPrefix,
    logger,
    name: 'embedded',
  });
  const bus = new KafkaBus({ brokers: kafkaBrokers, clientId: options.kafkaClientId, logger });
  return {
    mode: 'kafka+redis',
    bus,
    jobStore: new RedisJobStore(redis),
    socketRegistry: new RedisSocketRegistry({ redis, ttlMs: SOCKET_REGISTRY_TTL_MS }),
    wsBroker: new MemoryBroker(),
    sagaStore: (type) => new RedisSagaStore(redis, { type }),
    async close() {
      await bus.close();
      await redis.quit();
    },
  };
}
