import type { Logger } from 'pino';
import { type ConsumerSettings, consumerSettingsFrom, KafkaBus } from './bus/kafka-bus.ts';
import { Health } from './health.ts';
import { closeServer, createOperationalServer, listen } from './http-server.ts';
import { type Running, requireInfra, type Started } from './lifecycle.ts';
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
 * What the main of a Kafka-only service (an orchestrator, a participant) does around its logic: serves the
 * operational endpoints at once (not ready until the bus has connected and the logic started), connects its
 * Messaging, reports the bus in readiness, and on shutdown turns readiness off, then stops the logic, the server
 * and the bus, in that order.
 */
export async function startKafkaWorker(options: {
  service: string;
  config: {
    KAFKA_BROKERS?: string[] | undefined;
    KAFKA_CLIENT_ID?: string | undefined;
    KAFKA_TOPIC_PREFIX: string;
    KAFKA_SESSION_TIMEOUT_MS: number;
    KAFKA_HEARTBEAT_INTERVAL_MS: number;
    KAFKA_FETCH_MAX_WAIT_MS: number;
    KAFKA_CONSUMER_WINDOW: number;
    METRICS_PORT: number;
    SHUTDOWN_TIMEOUT_MS: number;
  };
  logger: Logger;
  start: (messaging: Messaging) => Promise<Running>;
  /** Readiness checks of the worker's other dependencies, such as its Redis client. */
  checks?: Readonly<Record<string, () => boolean>>;
}): Promise<Started> {
  const { service, config, logger } = options;
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const health = new Health();
  let started = false;
  health.addCheck('started', () => started);
  for (const [name, check] of Object.entries(options.checks ?? {})) health.addCheck(name, check);
  const operational = await startOperationalServer(health, config.METRICS_PORT);
  let messaging: Messaging;
  let worker: Running;
  try {
    messaging = await connectKafkaMessaging({
      service,
      brokers,
      clientId: config.KAFKA_CLIENT_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      consumerSettings: consumerSettingsFrom(config),
      logger,
    });
    health.addCheck('message_bus', () => messaging.bus.isHealthy());
    worker = await options.start(messaging);
    started = true;
  } catch (error) {
    await operational.stop();
    throw error;
  }
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
