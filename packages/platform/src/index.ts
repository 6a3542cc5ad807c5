export * from './auth.ts';
export {
  type ConsumerSettings,
  consumerSettingsFrom,
  KafkaBus,
  type KafkaBusOptions,
} from './bus/kafka-bus.ts';
export { isRetriableKafkaError, KafkaOperationError, retryKafka } from './bus/kafka-retry.ts';
export { MemoryBus } from './bus/memory-bus.ts';
export * from './bus/port.ts';
export * from './config.ts';
export * from './health.ts';
export * from './http-route.ts';
export * from './http-server.ts';
export * from './lifecycle.ts';
export * from './logger.ts';
export * from './messaging.ts';
export * from './metrics.ts';
export * from './redis.ts';
export * from './run-service.ts';
export * from './service-kit.ts';
