import type { Logger } from 'pino';
import { type ConsumerSettings, KafkaBus } from './bus/kafka-bus.ts';
import { Messaging } from './messaging.ts';

/**
 * The Kafka-backed Messaging of a standalone service. Resolves once its producer is connected, however long a
 * starting cluster takes; it throws only what no retry can fix.
 */
export async function connectKafkaMessaging(options: {
  service: string;
  brokers: string[];
  clientId?: string;
  topicPrefix: string;
  consumerSettings?: ConsumerSettings;
  logger: Logger;
}): Promise<Messaging> {
  const { service, logger } = options;
  const bus = new KafkaBus({
    brokers: options.brokers,
    clientId: options.clientId ?? service,
    consumerSettings: options.consumerSettings,
    logger,
  });
  await bus.connect();
  return new Messaging({ bus, source: service, topicPrefix: options.topicPrefix, logger });
}
