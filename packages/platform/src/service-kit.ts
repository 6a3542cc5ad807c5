import type { Logger } from 'pino';
import { type ConsumerSettings, KafkaBus } from './bus/kafka-bus.ts';
import { Messaging } from './messaging.ts';

export interface KafkaMessagingOptions {
  service: string;
  brokers: string[];
  clientId?: string;
  topicPrefix: string;
  consumerSettings?: ConsumerSettings;
  logger: Logger;
}

/** The Kafka-backed Messaging of a standalone service, not connected yet; `bus.connect()` connects it. */
export function kafkaMessaging(options: KafkaMessagingOptions): { bus: KafkaBus; messaging: Messaging } {
  const { service, logger } = options;
  const bus = new KafkaBus({
    brokers: options.brokers,
    clientId: options.clientId ?? service,
    consumerSettings: options.consumerSettings,
    logger,
  });
  return {
    bus,
    messaging: new Messaging({ bus, source: service, topicPrefix: options.topicPrefix, logger }),
  };
}

/**
 * The same, resolved once its producer is connected, however long a starting cluster takes; it throws only what
 * no retry can fix.
 */
export async function connectKafkaMessaging(options: KafkaMessagingOptions): Promise<Messaging> {
  const { bus, messaging } = kafkaMessaging(options);
  await bus.connect();
  return messaging;
}
