import type { Logger } from 'pino';
import { KafkaBus } from './bus/kafka-bus.ts';
import { Health } from './health.ts';
import { closeServer, createOperationalServer, listen } from './http-server.ts';
import { type Running, requireInfra, type Started } from './lifecycle.ts';
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

/**
 * What the main of a Kafka-only service (an orchestrator, a participant) does around its logic: connects its
 * Messaging, reports the bus in readiness, serves the operational endpoints, and on shutdown turns readiness
 * off, then stops the logic, the server and the bus, in that order.
 */
export async function startKafkaWorker(options: {
  service: string;
  config: {
    KAFKA_BROKERS?: string[] | undefined;
    KAFKA_CLIENT_ID?: string | undefined;
    KAFKA_TOPIC_PREFIX: string;
    METRICS_PORT: number;
    SHUTDOWN_TIMEOUT_MS: number;
  };
  logger: Logger;
  start: (messaging: Messaging) => Promise<Running>;
  /** Readiness checks of the worker's other dependencies, such as its Redis client. */
  checks?: Readonly<Record<string, () => boolean>>;
}): Promise<Started> {
  const { service, config, logger } = options;
  const messaging = await connectKafkaMessaging({
    service,
    brokers: requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is'),
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  const worker = await options.start(messaging);
  const health = new Health();
  health.addCheck('message_bus', () => messaging.bus.isHealthy());
  for (const [name, check] of Object.entries(options.checks ?? {})) health.addCheck(name, check);
  const operational = await startOperationalServer(health, config.METRICS_PORT);
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      health.startDraining();
      await worker.stop();
      await operational.stop();
      await messaging.bus.close();
    },
  };
}
