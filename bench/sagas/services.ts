import { freePort } from '@jobtrack/platform/testing';
import { type ChildService, startChild } from '../lib/processes.ts';

export interface SagaServices {
  orchestrator: ChildService;
  participants: ChildService;
  /** Prometheus endpoints, for the counters the run checks at the end. */
  orchestratorMetricsUrl: string;
  participantsMetricsUrl: string;
  stop(): Promise<void>;
}

/**
 * The order orchestrator and the order participants as production runs them: each its own process from its
 * main.ts, on the real Kafka and Redis, the participants answering at once (zero latency). Logs at warn and no
 * trace exporter, as in the job API benchmark.
 */
export async function startSagaServices(options: {
  kafkaBrokers: string;
  redisUrl: string;
  topicPrefix: string;
  keyPrefix: string;
}): Promise<SagaServices> {
  const [orchestratorPort, participantsPort] = [await freePort(), await freePort()];
  const shared = {
    KAFKA_BROKERS: options.kafkaBrokers,
    REDIS_URL: options.redisUrl,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    REDIS_KEY_PREFIX: options.keyPrefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const participants = await startChild({
    name: 'participants',
    entry: 'services/participants/src/main.ts',
    env: {
      ...shared,
      METRICS_PORT: String(participantsPort),
      PARTICIPANTS: 'inventory,payment,shipping',
      PARTICIPANT_LATENCY_MS: '0',
      PARTICIPANT_FAILURE_RATE: '0',
    },
    readyUrl: `http://127.0.0.1:${participantsPort}/readyz`,
  });
  let orchestrator: ChildService;
  try {
    orchestrator = await startChild({
      name: 'order-orchestrator',
      entry: 'services/order/src/main.ts',
      env: { ...shared, METRICS_PORT: String(orchestratorPort) },
      readyUrl: `http://127.0.0.1:${orchestratorPort}/readyz`,
    });
  } catch (error) {
    await participants.stop();
    throw error;
  }
  return {
    orchestrator,
    participants,
    orchestratorMetricsUrl: `http://127.0.0.1:${orchestratorPort}/metrics`,
    participantsMetricsUrl: `http://127.0.0.1:${participantsPort}/metrics`,
    async stop() {
      await Promise.all([orchestrator.stop(), participants.stop()]);
    },
  };
}
