/**
 * The WebSocket benchmark: memory per idle connection, deliveries per second and publish-to-receipt latency of the
 * ws-service (services/ws-service/src/main.ts, one process), each beside a raw `ws` server (or raw Kafka hops)
 * measured in the same run. Run it with `npm run bench:ws` (add `-- --profile` for heap censuses and CPU profiles
 * of the ws-service); see bench/ws/README.md.
 */
import { ALL_TOPICS } from '@jobtrack/contracts';
import { commonEnv, connectKafkaMessaging, createLogger, loadConfig, requireInfra } from '@jobtrack/platform';
import { freePort } from '@jobtrack/platform/testing';
import { z } from 'zod';
import { startBenchRun } from '../lib/bench-run.ts';
import { describeCode, describeLoad, describeMachine } from '../lib/environment.ts';
import { sectionMarkers, updateSection } from '../lib/results-file.ts';
import { count } from '../lib/settings.ts';
import { RAW_HOP_TOPIC } from '../sagas/hops.ts';
import { startBenchAuth } from './auth.ts';
import { checkRun } from './checks.ts';
import { ClientFleet } from './fleet.ts';
import {
  type BenchContext,
  baselinePhase,
  fanOutPhase,
  kafkaHopPhase,
  servicePhase,
  type WsBenchSettings,
} from './phases.ts';
import { Profiler } from './profiler.ts';
import { type WsFigures, type WsTargets, wsProfileSection, wsSection } from './report.ts';

const config = loadConfig({
  KAFKA_BROKERS: commonEnv.KAFKA_BROKERS,
  REDIS_URL: commonEnv.REDIS_URL,
  BENCH_WS_CONNECTIONS: count(10_000, 18_000),
  BENCH_WS_SOCKETS_PER_USER: count(16, 1000),
  BENCH_WS_WINDOW_S: count(10, 120),
  BENCH_WS_WARMUP_S: count(2, 60),
  BENCH_WS_RATE: count(1000, 100_000),
  BENCH_WS_RATE_DURATION_S: count(10, 120),
  BENCH_WS_CONNECT_CONCURRENCY: count(100, 1000),
  BENCH_MAX_S: z.coerce.number().int().min(30).max(3600).default(480),
});
const targets: WsTargets = {
  heapPerConnectionBytes: 8 * 1024,
  deliveriesPerS: 50_000,
  latencyRatePerS: 1000,
  p99Ms: 25,
};
const settings: WsBenchSettings = {
  connections: config.BENCH_WS_CONNECTIONS,
  socketsPerUser: config.BENCH_WS_SOCKETS_PER_USER,
  windowMs: config.BENCH_WS_WINDOW_S * 1000,
  warmupMs: config.BENCH_WS_WARMUP_S * 1000,
  rate: config.BENCH_WS_RATE,
  rateDurationS: config.BENCH_WS_RATE_DURATION_S,
  concurrency: config.BENCH_WS_CONNECT_CONCURRENCY,
  slowMs: targets.p99Ms,
  deliveriesTarget: targets.deliveriesPerS,
};
const profiling = process.argv.includes('--profile');
const logger = createLogger({ name: 'bench', level: 'info' });
const RESULTS = new URL('../RESULTS.md', import.meta.url).pathname;
const SKELETON = `# Benchmarks\n\n${sectionMarkers('ws')}\n\n${sectionMarkers('ws-profile')}\n`;

const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
const runId = `bench-ws-${Date.now().toString(36)}`;
const infra = { kafkaBrokers: brokers.join(','), redisUrl, topicPrefix: `${runId}.`, keyPrefix: `${runId}:` };

const run = startBenchRun({
  logger,
  brokers,
  redisUrl,
  topicPrefix: infra.topicPrefix,
  keyPrefix: infra.keyPrefix,
  maxSeconds: config.BENCH_MAX_S,
});

/** WS_* variables the ws-service inherits from the bench's environment: they change what is measured. */
function wsOverrides(): string {
  const set = Object.entries(process.env).filter(([name]) => name.startsWith('WS_'));
  return set.length
    ? `ws-service environment ${set.map(([name, value]) => `${name}=${value}`).join(' ')}; `
    : '';
}

async function main(): Promise<number> {
  const loadBefore = describeLoad();
  const startedAt = new Date();
  logger.info({ runId, settings }, 'starting');
  const messaging = await connectKafkaMessaging({
    service: 'bench-ws',
    brokers,
    topicPrefix: infra.topicPrefix,
    logger,
  });
  run.defer(() => messaging.bus.close());
  // Created here, before the services race to create the same ones.
  await messaging.createTopics([...ALL_TOPICS, RAW_HOP_TOPIC]);
  const auth = await startBenchAuth();
  run.defer(() => auth.stop());
  const fleet = await ClientFleet.start();
  run.defer(() => fleet.stop());
  const profiler = new Profiler(profiling);
  const ctx: BenchContext = {
    settings,
    runId,
    brokers,
    infra,
    messaging,
    auth,
    fleet,
    profiler,
    logger,
    onCleanup: (cleanup) => run.defer(cleanup),
  };

  const { heapRaw, broadcast, pacedDeliveries, rawWs } = await baselinePhase(ctx);
  const rawKafka = await kafkaHopPhase(ctx);
  // The ws-service is given the job service's address before the job service starts (for the full path).
  const jobServicePort = await freePort();
  const service = await servicePhase(ctx, jobServicePort);
  const fanOut = await fanOutPhase(ctx, jobServicePort);
  await run.stop();

  const figures: WsFigures = {
    heapRaw,
    heapService: service.heapService,
    heapServiceFanOut: fanOut.heapServiceFanOut,
    broadcast,
    pacedDeliveries,
    deliveriesOne: service.deliveriesOne,
    deliveriesFanOut: fanOut.deliveriesFanOut,
    rawKafka,
    rawWs,
    serviceLeg: service.serviceLeg,
    fullPath: service.fullPath,
    fullPathStages: service.fullPathStages,
  };
  const checks = checkRun(figures, { oneSocketPerUser: service.closed, fanOut: fanOut.closed });
  const code = describeCode();
  const rate = settings.rate.toLocaleString('en-US');
  const section = wsSection({
    startedAt,
    command: `npm run bench:ws${profiling ? ' -- --profile' : ''}`,
    settings: `${wsOverrides()}${settings.connections.toLocaleString('en-US')} sockets; ${settings.socketsPerUser} sockets per user in the fan-out run; ${settings.warmupMs / 1000} s warm-up and ${settings.windowMs / 1000} s window per delivery run; ${rate} events/s for ${settings.rateDurationS} s per latency run`,
    code,
    machine: describeMachine(),
    loadBefore,
    loadAfter: describeLoad(),
    figures,
    targets,
    checks: checks.lines,
  });
  process.stdout.write(`\n${section}\n`);
  // A profiled run's figures are slowed by the profiling: it writes only what it is for.
  if (profiling) {
    const profile = wsProfileSection({
      startedAt,
      code,
      census: profiler.census,
      overBaseline: profiler.overBaseline(heapRaw.label, service.heapService.label),
      cpu: profiler.cpu,
    });
    await updateSection(RESULTS, 'ws-profile', profile, SKELETON);
    logger.info({ results: 'bench/RESULTS.md', section: 'ws-profile' }, 'written');
  } else {
    await updateSection(RESULTS, 'ws', section, SKELETON);
    logger.info({ results: 'bench/RESULTS.md', section: 'ws' }, 'written');
  }
  return checks.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    logger.error({ err: error }, 'bench failed');
    await run.stop();
    process.exit(1);
  },
);
