/**
 * The saga benchmark: order.place throughput and per-step overhead with zero-latency participants, beside raw
 * Kafka produce → consume hops (and a Redis round trip) measured in the same run. Run it with
 * `npm run bench:sagas`; see bench/README.md.
 */
import { ALL_TOPICS, DEAD_LETTER_TOPIC, ORDER_PLACE_PARTICIPANT_STEPS, TOPICS } from '@jobtrack/contracts';
import { commonEnv, connectKafkaMessaging, createLogger, loadConfig, requireInfra } from '@jobtrack/platform';
import { z } from 'zod';
import { startCpuMeter } from '../lib/cpu-usage.ts';
import { describeCode, describeLoad, describeMachine } from '../lib/environment.ts';
import { countMessages, deleteKeys, deleteTopics } from '../lib/infra.ts';
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
import { type Figures, type Measured, sagasSection } from './report.ts';
import { SagaClient } from './sagas.ts';
import { type SagaServices, startSagaServices } from './services.ts';
import { percentiles, steadyRate } from './stats.ts';
import { type Operation, type RunResult, runWindowed } from './windowed.ts';

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
const window = config.BENCH_SAGA_WINDOW;
const stallMs = config.BENCH_STALL_S * 1000;
const logger = createLogger({ name: 'bench', level: 'info' });
const RESULTS = new URL('../RESULTS.md', import.meta.url).pathname;
const SKELETON = `# Benchmarks\n\n${sectionMarkers('sagas')}\n`;

const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
const runId = `bench-sagas-${Date.now().toString(36)}`;
const topicPrefix = `${runId}.`;
const keyPrefix = `${runId}:`;

const cleanups: Array<() => Promise<void> | void> = [];
let services: SagaServices | undefined;
let stopping: Promise<void> | undefined;
/** Stops what the run started, newest first, then removes its topics and keys from the shared Kafka and Redis. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    await services?.stop();
    const [topics, keys] = await Promise.all([
      deleteTopics(brokers, topicPrefix),
      deleteKeys(redisUrl, keyPrefix),
    ]);
    logger.info({ topics, keys }, 'removed what the run wrote to Kafka and Redis');
  })();
  return stopping;
}
function abort(reason: string, code: number): void {
  logger.error({ reason }, 'stopping the processes this bench started');
  void stopAll().finally(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort(signal, 130));
setTimeout(
  () => abort(`still running after BENCH_MAX_S=${config.BENCH_MAX_S} s`, 1),
  config.BENCH_MAX_S * 1000,
).unref();

/** Runs `operation` `total` times with `inFlight` at once and measures it, with the CPU each process used. */
async function measure(
  id: string,
  label: string,
  options: { total: number; inFlight: number; operation: Operation; describeStall?: () => string },
): Promise<Measured> {
  const pids: Record<string, number> = { bench: process.pid };
  if (services) {
    pids.orchestrator = services.orchestrator.child.pid ?? 0;
    pids.participants = services.participants.child.pid ?? 0;
  }
  const meter = startCpuMeter(pids);
  const run: RunResult = await runWindowed({ ...options, window: options.inFlight, stallMs });
  const cpu = meter.stop();
  const ratePerS =
    options.inFlight > 1 ? steadyRate(run) : (run.latenciesMs.length * 1000) / (run.endedAt - run.startedAt);
  const load = options.inFlight > 1 ? `${options.inFlight} in flight` : 'one at a time';
  const measured = { id, label, load, latency: percentiles(run.latenciesMs), ratePerS, cpu };
  logger.info(
    {
      run: label,
      load,
      perS: Math.round(ratePerS),
      p50Ms: measured.latency.p50,
      p99Ms: measured.latency.p99,
    },
    'measured',
  );
  return measured;
}

/** Step timings of the sagas of one run, taken from their job events. */
class StepTimings {
  readonly participant: number[] = [];
  readonly local: number[] = [];
  readonly byStep = new Map<string, number[]>();

  add(steps: ReadonlyMap<string, number>): void {
    for (const [step, durationMs] of steps) {
      const isParticipant = (ORDER_PLACE_PARTICIPANT_STEPS as readonly string[]).includes(step);
      (isParticipant ? this.participant : this.local).push(durationMs);
      const list = this.byStep.get(step) ?? [];
      list.push(durationMs);
      this.byStep.set(step, list);
    }
  }
}

async function main(): Promise<number> {
  const loadBefore = describeLoad();
  const startedAt = new Date();
  logger.info({ runId, window }, 'starting the order orchestrator and the participants');
  const messaging = await connectKafkaMessaging({ service: 'bench-sagas', brokers, topicPrefix, logger });
  cleanups.push(() => messaging.bus.close());
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
  cleanups.push(() => hopMessaging.bus.close());
  const command = sampleCommand(messaging.topicName(TOPICS.orderReplies));
  const rawHop = await startRawHop({
    brokers,
    topic: messaging.topicName(RAW_HOP_TOPIC),
    groupId: `${runId}-raw-hop`,
    command,
  });
  cleanups.push(() => rawHop.stop());
  const messagingHop = await startMessagingHop({
    messaging: hopMessaging,
    groupId: `${runId}-messaging-hop`,
    command,
  });
  cleanups.push(() => messagingHop.stop());
  const relay = await startMessagingRelay({ messaging: hopMessaging, groupId: `${runId}-relay`, command });
  cleanups.push(() => relay.stop());
  const redis = await startRedisRoundTrip(redisUrl);
  cleanups.push(() => redis.stop());
  const sagas = await SagaClient.start(messaging, runId);
  cleanups.push(() => sagas.stop());

  const hopOf =
    (hop: typeof rawHop, name: string): Operation =>
    (n) =>
      hop.roundTrip(`${name}-${n}`);
  const oneAtATime = new StepTimings();
  const windowed = new StepTimings();
  const sagaOf =
    (timings?: StepTimings): Operation =>
    async (n) => {
      const outcome = await sagas.run(n);
      timings?.add(outcome.stepsMs);
      return outcome.latencyMs;
    };
  let sagaNumber = 0;
  const nextSagas = (timings?: StepTimings): Operation => {
    const run = sagaOf(timings);
    return () => run(sagaNumber++);
  };
  const describeStall = () => sagas.describePending();

  logger.info('warming up: hops, then sagas');
  const hops = config.BENCH_HOPS_ONE_AT_A_TIME;
  await measure('warmup-raw', 'warm-up', { total: hops, inFlight: window, operation: hopOf(rawHop, 'w') });
  await measure('warmup-messaging', 'warm-up', {
    total: hops,
    inFlight: window,
    operation: hopOf(messagingHop, 'w'),
  });
  await measure('warmup-relay', 'warm-up', { total: hops, inFlight: window, operation: hopOf(relay, 'w') });
  await measure('warmup-sagas', 'warm-up', {
    total: config.BENCH_SAGAS_WARMUP,
    inFlight: window,
    operation: nextSagas(),
    describeStall,
  });

  const rows: Measured[] = [];
  const raw = await measure('raw-hop', 'Kafka hop, raw kafkajs (baseline)', {
    total: hops,
    inFlight: 1,
    operation: hopOf(rawHop, 'seq'),
  });
  const viaMessaging = await measure('messaging-hop', 'Kafka hop, Messaging over KafkaBus', {
    total: hops,
    inFlight: 1,
    operation: hopOf(messagingHop, 'seq'),
  });
  const relayRow = await measure('relay', 'Messaging relay: 2 hops with a consumer publishing on', {
    total: hops,
    inFlight: 1,
    operation: hopOf(relay, 'seq'),
  });
  const redisRow = await measure('redis', 'Redis round trip (PING)', {
    total: hops,
    inFlight: 1,
    operation: () => redis.roundTrip(),
  });
  const rawWindowed = await measure('raw-hop-windowed', 'Kafka hop, raw kafkajs (baseline)', {
    total: config.BENCH_HOPS_WINDOWED,
    inFlight: window,
    operation: hopOf(rawHop, 'win'),
  });
  const messagingWindowed = await measure('messaging-hop-windowed', 'Kafka hop, Messaging over KafkaBus', {
    total: config.BENCH_HOPS_WINDOWED,
    inFlight: window,
    operation: hopOf(messagingHop, 'win'),
  });
  const sagaOne = await measure('saga', 'order.place saga', {
    total: config.BENCH_SAGAS_ONE_AT_A_TIME,
    inFlight: 1,
    operation: nextSagas(oneAtATime),
    describeStall,
  });
  const sagaWindowed = await measure('saga-windowed', 'order.place saga', {
    total: config.BENCH_SAGAS,
    inFlight: window,
    operation: nextSagas(windowed),
    describeStall,
  });
  const stepRow = (id: string, label: string, load: string, values: number[]): Measured => ({
    id,
    label,
    load,
    latency: percentiles(values),
  });
  const participantStep = stepRow(
    'participant-step',
    'participant step, from job events',
    'one saga at a time',
    oneAtATime.participant,
  );
  const confirmStep = stepRow(
    'confirm-step',
    'local step (confirm), from job events',
    'one saga at a time',
    oneAtATime.local,
  );
  rows.push(
    raw,
    viaMessaging,
    relayRow,
    redisRow,
    rawWindowed,
    messagingWindowed,
    sagaOne,
    sagaWindowed,
    participantStep,
    confirmStep,
    stepRow(
      'participant-step-windowed',
      'participant step, from job events',
      `${window} sagas in flight`,
      windowed.participant,
    ),
    stepRow(
      'confirm-step-windowed',
      'local step (confirm), from job events',
      `${window} sagas in flight`,
      windowed.local,
    ),
  );
  const figures: Figures = {
    rawHop: raw,
    messagingHop: viaMessaging,
    relay: relayRow,
    redis: redisRow,
    rawHopWindowed: rawWindowed,
    messagingHopWindowed: messagingWindowed,
    sagaOneAtATime: sagaOne,
    sagaWindowed,
    participantStep,
    confirmStep,
    window,
  };

  const submitted = sagaNumber;
  const checks = await checkRun({
    services,
    submitted,
    finished: sagas.finished,
    stepsOneAtATime: oneAtATime.byStep,
    countMessages: (topic) => countMessages(brokers, messaging.topicName(topic)),
    deadLetterTopic: DEAD_LETTER_TOPIC,
  });
  await stopAll();

  const section = sagasSection({
    startedAt,
    command: 'npm run bench:sagas',
    settings: `${config.BENCH_SAGAS_WARMUP} warm-up sagas, ${config.BENCH_SAGAS_ONE_AT_A_TIME} sagas one at a time, ${config.BENCH_SAGAS} with ${window} in flight; ${hops} hops, relays and Redis round trips one at a time, ${config.BENCH_HOPS_WINDOWED} hops with ${window} in flight`,
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
      if (child) logger.error({ service: child.name, output: child.output().slice(-4000) }, 'last output');
    }
    await stopAll();
    process.exit(1);
  },
);
