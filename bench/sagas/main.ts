/**
 * The saga benchmark: order.place throughput and per-step overhead with zero-latency participants, beside raw
 * Kafka produce → consume hops (and a Redis round trip) measured in the same run. Run it with
 * `npm run bench:sagas`; see bench/README.md.
 */
import { ALL_TOPICS, TOPICS } from '@jobtrack/contracts';
import { commonEnv, connectKafkaMessaging, createLogger, loadConfig, requireInfra } from '@jobtrack/platform';
import { z } from 'zod';
import { startBenchRun } from '../lib/bench-run.ts';
import { describeCode, describeLoad, describeMachine } from '../lib/environment.ts';
import { countMessages } from '../lib/infra.ts';
import { sectionMarkers, updateSection } from '../lib/results-file.ts';
import {
  MESSAGING_HOP_TOPIC,
  RAW_HOP_TOPIC,
  RELAY_IN_TOPIC,
  RELAY_OUT_TOPIC,
  sampleCommand,
  startMessagingHop,
  startMessagingRelay,
  startRawHop,
} from './hops.ts';
import { checkRun } from './outcome-checks.ts';
import { startRedisRoundTrip } from './redis-round-trip.ts';
import { sagasSection } from './report.ts';
import { SagaClient } from './sagas.ts';
import { runScenarios, type SagaBenchSettings } from './scenarios.ts';
import { type SagaServices, startSagaServices } from './services.ts';

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);
const config = loadConfig({
  KAFKA_BROKERS: commonEnv.KAFKA_BROKERS,
  REDIS_URL: commonEnv.REDIS_URL,
  BENCH_SAGAS: count(2000),
  BENCH_SAGA_WINDOW: z.coerce.number().int().min(1).max(10_000).default(100),
  BENCH_SAGAS_ONE_AT_A_TIME: count(200),
  BENCH_SAGAS_WARMUP: count(300),
  BENCH_HOPS_ONE_AT_A_TIME: count(1000),
  BENCH_HOPS_WINDOWED: count(20_000),
  BENCH_STALL_S: z.coerce.number().int().min(1).max(600).default(20),
  BENCH_MAX_S: z.coerce.number().int().min(10).max(3600).default(600),
});
const settings: SagaBenchSettings = {
  window: config.BENCH_SAGA_WINDOW,
  warmupSagas: config.BENCH_SAGAS_WARMUP,
  sagasOneAtATime: config.BENCH_SAGAS_ONE_AT_A_TIME,
  sagasWindowed: config.BENCH_SAGAS,
  hopsOneAtATime: config.BENCH_HOPS_ONE_AT_A_TIME,
  hopsWindowed: config.BENCH_HOPS_WINDOWED,
  stallMs: config.BENCH_STALL_S * 1000,
};
const logger = createLogger({ name: 'bench', level: 'info' });
const RESULTS = new URL('../RESULTS.md', import.meta.url).pathname;
const SKELETON = `# Benchmarks\n\n${sectionMarkers('sagas')}\n`;

const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
const runId = `bench-sagas-${Date.now().toString(36)}`;
const topicPrefix = `${runId}.`;
const keyPrefix = `${runId}:`;

let services: SagaServices | undefined;
const run = startBenchRun({
  logger,
  brokers,
  redisUrl,
  topicPrefix,
  keyPrefix,
  maxSeconds: config.BENCH_MAX_S,
});
run.defer(() => services?.stop());

async function main(): Promise<number> {
  const loadBefore = describeLoad();
  const startedAt = new Date();
  logger.info({ runId, settings }, 'starting the order orchestrator and the participants');
  const messaging = await connectKafkaMessaging({ service: 'bench-sagas', brokers, topicPrefix, logger });
  run.defer(() => messaging.bus.close());
  // Created here, before the services race to create the same ones.
  await messaging.createTopics([
    ...ALL_TOPICS,
    RAW_HOP_TOPIC,
    MESSAGING_HOP_TOPIC,
    RELAY_IN_TOPIC,
    RELAY_OUT_TOPIC,
  ]);
  services = await startSagaServices({ kafkaBrokers: brokers.join(','), redisUrl, topicPrefix, keyPrefix });
  const hopMessaging = await connectKafkaMessaging({ service: 'bench-hop', brokers, topicPrefix, logger });
  run.defer(() => hopMessaging.bus.close());
  const command = sampleCommand(messaging.topicName(TOPICS.orderReplies));
  const rawHop = await startRawHop({
    brokers,
    topic: messaging.topicName(RAW_HOP_TOPIC),
    groupId: `${runId}-raw-hop`,
    command,
  });
  run.defer(() => rawHop.stop());
  const messagingHop = await startMessagingHop({
    messaging: hopMessaging,
    groupId: `${runId}-messaging-hop`,
    command,
  });
  run.defer(() => messagingHop.stop());
  const relay = await startMessagingRelay({ messaging: hopMessaging, groupId: `${runId}-relay`, command });
  run.defer(() => relay.stop());
  const redis = await startRedisRoundTrip(redisUrl);
  run.defer(() => redis.stop());
  const sagas = await SagaClient.start(messaging, runId);
  run.defer(() => sagas.stop());

  const pids = {
    bench: process.pid,
    orchestrator: services.orchestrator.child.pid ?? 0,
    participants: services.participants.child.pid ?? 0,
  };
  const clients = { rawHop, messagingHop, relay, redis, sagas };
  const { rows, figures, submitted, stepsOneAtATime } = await runScenarios(clients, settings, pids, (m) =>
    logger.info(
      {
        run: m.label,
        load: m.load,
        perS: Math.round(m.ratePerS ?? 0),
        p50Ms: m.latency.p50,
        p99Ms: m.latency.p99,
      },
      'measured',
    ),
  );
  const checks = await checkRun({
    services,
    submitted,
    finished: sagas.finished,
    stepsOneAtATime,
    countMessages: (topic) => countMessages(brokers, messaging.topicName(topic)),
  });
  await run.stop();

  const section = sagasSection({
    startedAt,
    command: 'npm run bench:sagas',
    settings: `${settings.warmupSagas} warm-up sagas, ${settings.sagasOneAtATime} sagas one at a time, ${settings.sagasWindowed} with ${settings.window} in flight; ${settings.hopsOneAtATime} hops, relays and Redis round trips one at a time, ${settings.hopsWindowed} hops with ${settings.window} in flight`,
    code: describeCode(),
    machine: describeMachine(),
    loadBefore,
    loadAfter: describeLoad(),
    measured: rows,
    figures,
    checks: checks.lines,
  });
  process.stdout.write(`\n${section}\n`);
  await updateSection(RESULTS, 'sagas', section, SKELETON);
  logger.info({ results: 'bench/RESULTS.md', section: 'sagas' }, 'written');
  return checks.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    logger.error({ err: error }, 'bench failed');
    for (const child of [services?.orchestrator, services?.participants]) {
      if (child) logger.error({ child: child.name, output: child.output().slice(-4000) }, 'last output');
    }
    await run.stop();
    process.exit(1);
  },
);
