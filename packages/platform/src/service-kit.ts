import type { Logger } from 'pino';
import { KafkaBus } from './bus/kafka-bus.ts';
import type { Health } from './health.ts';
import { closeServer, createOperationalServer, listen } from './http-server.ts';
import { Messaging } from './messaging.ts';

/** The Kafka-backed Messaging of a standalone service, its producer connected so readiness is true from the start. */
export async function connectKafkaMessaging(options: {
  service: string;
  brokers: string[];
  clientId?: string;
  topicPrefix: string;
  logger: Logger;
}): Promise<Messaging> {
  const { service, logger } = options;
  const bus = new KafkaBus({ brokers: options.brokers, clientId: options.clientId ?? service, logger });
  await bus.connect();
  return new Messaging({ bus, source: service, topicPrefix: options.topicPrefix, logger });
}

/** /healthz, /readyz and /metrics on their own port, for a service with no HTTP API; resolves with its stopper. */
export async function startOperationalServer(
  health: Health,
  port: number,
): Promise<{ stop(): Promise<void> }> {
  const server = createOperationalServer(health);
  await listen(server, port);
  return { stop: () => closeServer(server) };
}
