import type { Logger, Messaging } from '@jobtrack/platform';
import { RAW_HOP_TOPIC, sampleCommand, startRawHop } from '../sagas/hops.ts';
import { percentiles } from '../sagas/stats.ts';
import type { BenchAuth } from './auth.ts';
import type { ClientFleet } from './fleet.ts';
import type { ConnectOptions, FleetStats } from './fleet-protocol.ts';
import { jobsNeeded, MediaProgress } from './full-path.ts';
import {
  awaitFrames,
  type DeliveryRun,
  type HeapReading,
  type LatencyRun,
  measureDeliveries,
  measureHeap,
  measureHop,
  measureLatency,
} from './measure.ts';
import type { Profiler } from './profiler.ts';
import { BASELINE_PROCESS, type FullPathStages, KEEPS_UP_SHARE, SERVER_PROCESS } from './report.ts';
import {
  type InfraEnv,
  type InspectedServer,
  startBaselineServer,
  startFullPath,
  startWsService,
} from './services.ts';
import { StageClock } from './stages.ts';
import { publishSaturating, publishUpdate, type SyntheticJob, syntheticJobs } from './updates.ts';

export interface WsBenchSettings {
  connections: number;
  socketsPerUser: number;
  warmupMs: number;
  windowMs: number;
  /** Events per second of the latency runs, and for how long. */
  rate: number;
  rateDurationS: number;
  /** Handshakes in flight while the fleet connects. */
  concurrency: number;
  /** Latency above which an event counts as slow (the target p99). */
  slowMs: number;
  /** The deliveries target, frames/s: the rate the raw server's paced run sends at. */
  deliveriesTarget: number;
}

/** What every phase works with. */
export interface BenchContext {
  settings: WsBenchSettings;
  runId: string;
  brokers: string[];
  infra: InfraEnv;
  messaging: Messaging;
  auth: BenchAuth;
  fleet: ClientFleet;
  profiler: Profiler;
  logger: Logger;
  /** Registers what to stop should the run end early; stopped newest first. */
  onCleanup(cleanup: () => Promise<void>): void;
}

/** Sockets that have not finished their handshake (and subscription) in this long count as failed. */
const CONNECT_TIMEOUT_MS = 20_000;
const CLOSE_TIMEOUT_MS = 10_000;
/** Sockets opened and closed before the first memory reading, so lazily built code and caches exist in both. */
const WARMUP_SOCKETS = 200;
/** How far the publisher may run ahead of the sockets, in updates, and how many it publishes per tick. */
const MAX_LAG = 5000;
const BATCH = 500;
/** The bound on a full-path job reaching its transcoding step. */
const JOBS_READY_MS = 60_000;
const SUBSCRIBE_ALL = JSON.stringify({ type: 'subscribe', all: true, level: 'detail' });

const range = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => name(i));

function connectOptions(
  ctx: BenchContext,
  url: string,
  tokens: ReadonlyArray<string | undefined>,
  handshake: ConnectOptions['handshake'],
): ConnectOptions {
  return {
    url,
    tokens,
    handshake,
    subscribe: SUBSCRIBE_ALL,
    concurrency: ctx.settings.concurrency,
    timeoutMs: CONNECT_TIMEOUT_MS,
  };
}

const closeAll = (ctx: BenchContext) => ctx.fleet.request({ op: 'close-all', timeoutMs: CLOSE_TIMEOUT_MS });
const measured = (ctx: BenchContext, what: string, value: unknown) =>
  ctx.logger.info({ what, value }, 'measured');

/**
 * The raw `ws` server: memory per idle socket, broadcast deliveries, the same frames paced at the target rate a
 * few sockets per event (what a socket write costs when the reader waits for it), send-to-receipt latency.
 */
export async function baselinePhase(ctx: BenchContext): Promise<{
  heapRaw: HeapReading;
  broadcast: DeliveryRun;
  pacedDeliveries: DeliveryRun;
  rawWs: LatencyRun;
}> {
  const { fleet, settings } = ctx;
  const baseline = await startBaselineServer();
  ctx.onCleanup(() => baseline.service.stop());
  const tokens = Array.from({ length: settings.connections }, () => undefined);
  await fleet.request({
    op: 'connect',
    options: connectOptions(ctx, baseline.url, tokens.slice(0, WARMUP_SOCKETS), 'raw'),
  });
  await closeAll(ctx);
  const heapRaw = await measureHeap({
    label: 'Raw `ws` server (baseline)',
    inspectorPort: baseline.inspectorPort,
    fleet,
    connect: connectOptions(ctx, baseline.url, tokens, 'raw'),
    onReading: ctx.profiler.readingHook(baseline),
  });
  ctx.profiler.recordCensus(heapRaw);
  measured(ctx, 'baseline heap', heapRaw);
  const pids = {
    [BASELINE_PROCESS]: baseline.service.child.pid ?? 0,
    clients: fleet.pid,
    bench: process.pid,
  };
  const post = async (path: string) =>
    ((await (await fetch(`${baseline.httpBase}${path}`, { method: 'POST' })).json()) as { sent: number })
      .sent;
  const broadcast = await measureDeliveries({
    label: 'Raw `ws` broadcast (baseline)',
    fanOut: heapRaw.sockets.ready,
    sockets: heapRaw.sockets.ready,
    fleet,
    pids,
    warmupMs: settings.warmupMs,
    windowMs: settings.windowMs,
    produce: async (running) => {
      // The server broadcasts for a fixed time that outlasts the window.
      const sent = await post(`/broadcast?ms=${settings.warmupMs + settings.windowMs + 500}`);
      if (running()) ctx.logger.warn('the broadcast ended before the window');
      return sent;
    },
  });
  measured(ctx, 'baseline broadcast', broadcast);
  // The same bytes sent the way the ws-service sends them: a few sockets per event, at the target rate.
  const pacedRate = settings.deliveriesTarget;
  const pacedDeliveries = await measureDeliveries({
    label: `Raw \`ws\`, ${settings.socketsPerUser} sockets per event at ${pacedRate.toLocaleString('en-US')} frames/s (baseline)`,
    fanOut: settings.socketsPerUser,
    sockets: heapRaw.sockets.ready,
    fleet,
    pids,
    warmupMs: settings.warmupMs,
    windowMs: settings.windowMs,
    produce: () =>
      post(
        `/paced?rate=${pacedRate}&ms=${settings.warmupMs + settings.windowMs + 500}&fanOut=${settings.socketsPerUser}&stamped=false`,
      ),
  });
  measured(ctx, 'baseline paced deliveries', pacedDeliveries);
  const rawWs = await measureLatency({
    label: 'Raw `ws` send (baseline)',
    covers: 'server send → client',
    fleet,
    pids,
    ratePerS: settings.rate,
    durationS: settings.rateDurationS,
    slowMs: settings.slowMs,
    send: { all: () => post(`/paced?rate=${settings.rate}&ms=${settings.rateDurationS * 1000}`) },
  });
  measured(ctx, 'raw ws latency', rawWs);
  await closeAll(ctx);
  await baseline.service.stop();
  return { heapRaw, broadcast, pacedDeliveries, rawWs };
}

/** kafkajs alone on the same broker, at the latency runs' rate, after a short warm-up. */
export async function kafkaHopPhase(ctx: BenchContext): Promise<LatencyRun> {
  const { settings } = ctx;
  const hop = await startRawHop({
    brokers: ctx.brokers,
    topic: ctx.messaging.topicName(RAW_HOP_TOPIC),
    groupId: `${ctx.runId}-raw-hop`,
    command: sampleCommand('unused'),
  });
  ctx.onCleanup(() => hop.stop());
  const pids = { bench: process.pid };
  const at = { hop, pids, ratePerS: settings.rate };
  await measureHop({ ...at, label: 'warm-up', covers: '', durationS: 2 });
  const rawKafka = await measureHop({
    ...at,
    label: 'Raw Kafka hop (baseline)',
    covers: 'kafkajs produce → consume',
    durationS: settings.rateDurationS,
  });
  measured(ctx, 'raw kafka hop', rawKafka);
  await hop.stop();
  return rawKafka;
}

/**
 * A fresh ws-service process for each arrangement of sockets, so each memory reading starts from a process that
 * held none yet. Some sockets are opened, sent an update and closed first, so that what the first socket builds
 * lazily is there before the first reading.
 */
async function freshWsService(
  ctx: BenchContext,
  jobServiceAddress: string,
  warmup: { tokens: readonly string[]; users: readonly string[] },
): Promise<InspectedServer> {
  const { auth, fleet } = ctx;
  const server = await startWsService({
    infra: ctx.infra,
    jwksUrl: auth.jwksUrl,
    issuer: auth.issuer,
    audience: auth.audience,
    jobServiceAddress,
  });
  ctx.onCleanup(() => server.service.stop());
  await fleet.request({ op: 'connect', options: connectOptions(ctx, server.url, warmup.tokens, 'jobtrack') });
  await fleet.request({ op: 'count-start' });
  await Promise.all(syntheticJobs(warmup.users).map((job) => publishUpdate(ctx.messaging, job)));
  await awaitFrames(fleet, warmup.tokens.length);
  await closeAll(ctx);
  return server;
}

/** Updates published as fast as the ws-service delivers them, each to the `fanOut` sockets of its owner. */
function serviceDeliveries(
  ctx: BenchContext,
  server: InspectedServer,
  run: { label: string; jobs: readonly SyntheticJob[]; fanOut: number; sockets: number },
): Promise<DeliveryRun> {
  const { fleet, settings } = ctx;
  return measureDeliveries({
    label: run.label,
    fanOut: run.fanOut,
    sockets: run.sockets,
    fleet,
    pids: { [SERVER_PROCESS]: server.service.child.pid ?? 0, clients: fleet.pid, bench: process.pid },
    warmupMs: settings.warmupMs,
    windowMs: settings.windowMs,
    onWindow: ctx.profiler.windowHook(server, `ws-service during "${run.label}"`),
    produce: async (running) => {
      const { published } = await publishSaturating({
        messaging: ctx.messaging,
        jobs: run.jobs,
        delivered: async () => (await fleet.request({ op: 'count-peek' })).frames / run.fanOut,
        running,
        maxLag: MAX_LAG,
        batch: BATCH,
      });
      return published * run.fanOut;
    },
  });
}

export interface ServicePhase {
  heapService: HeapReading;
  deliveriesOne: DeliveryRun;
  serviceLeg: LatencyRun;
  fullPath: LatencyRun[];
  fullPathStages: FullPathStages[];
  closed: FleetStats;
}

/**
 * The ws-service with one socket per user: memory, deliveries, the latency of its own leg, then the full path
 * from a participant's progress reply with the same sockets open.
 */
export async function servicePhase(ctx: BenchContext, jobServicePort: number): Promise<ServicePhase> {
  const { fleet, settings } = ctx;
  const users = range(settings.connections, (i) => `user-${i}`);
  const tokens = await ctx.auth.mint(users);
  const jobServiceAddress = `127.0.0.1:${jobServicePort}`;
  const ws = await freshWsService(ctx, jobServiceAddress, {
    tokens: tokens.slice(0, WARMUP_SOCKETS),
    users: users.slice(0, WARMUP_SOCKETS),
  });
  const pids = { [SERVER_PROCESS]: ws.service.child.pid ?? 0, clients: fleet.pid, bench: process.pid };
  const heapService = await measureHeap({
    label: 'ws-service, 1 socket per user',
    inspectorPort: ws.inspectorPort,
    fleet,
    connect: connectOptions(ctx, ws.url, tokens, 'jobtrack'),
    onReading: ctx.profiler.readingHook(ws),
  });
  ctx.profiler.recordCensus(heapService);
  measured(ctx, 'ws-service heap', heapService);
  const jobs = syntheticJobs(users);
  const deliveriesOne = await serviceDeliveries(ctx, ws, {
    label: 'ws-service, 1 socket per user',
    jobs,
    fanOut: 1,
    sockets: heapService.sockets.ready,
  });
  measured(ctx, 'ws-service deliveries, 1 socket per user', deliveriesOne);
  const serviceLeg = await measureLatency({
    label: 'ws-service leg',
    covers: 'JobUpdate publish → client',
    fleet,
    pids,
    ratePerS: settings.rate,
    durationS: settings.rateDurationS,
    slowMs: settings.slowMs,
    send: { fire: (n) => publishUpdate(ctx.messaging, jobs[n % jobs.length] as SyntheticJob) },
  });
  measured(ctx, 'ws-service leg latency', serviceLeg);
  const { fullPath, fullPathStages } = await fullPathRuns(ctx, {
    jobServicePort,
    owners: users,
    pids,
  });
  const closed = await fleet.request({ op: 'stats' });
  await closeAll(ctx);
  await ws.service.stop();
  return { heapService, deliveriesOne, serviceLeg, fullPath, fullPathStages, closed };
}

/**
 * Progress replies at the target rate through the whole platform; when it does not keep up, once more at 80% of
 * what it delivered. Each run has jobs of its own, as many as its replies need.
 */
async function fullPathRuns(
  ctx: BenchContext,
  options: { jobServicePort: number; owners: readonly string[]; pids: Record<string, number> },
): Promise<{ fullPath: LatencyRun[]; fullPathStages: FullPathStages[] }> {
  const { settings } = ctx;
  const full = await startFullPath({ infra: ctx.infra, grpcPort: options.jobServicePort });
  ctx.onCleanup(() => full.stop());
  const media = await MediaProgress.start(ctx.messaging, `${ctx.runId}-transcoder-watch`);
  ctx.onCleanup(() => media.stop());
  const stages = await StageClock.start(ctx.messaging, `${ctx.runId}-stages`);
  ctx.onCleanup(() => stages.stop());
  const pids = {
    ...options.pids,
    'media orchestrator': full.media.child.pid ?? 0,
    'job-service': full.jobService.child.pid ?? 0,
  };
  const fullPath: LatencyRun[] = [];
  const fullPathStages: FullPathStages[] = [];
  let rate = settings.rate;
  let owner = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    const owners = range(
      jobsNeeded(rate, settings.rateDurationS),
      () => options.owners[owner++ % options.owners.length] as string,
    );
    const jobIds = await media.createJobs(`127.0.0.1:${options.jobServicePort}`, owners, JOBS_READY_MS);
    stages.record();
    const run = await measureLatency({
      label: attempt === 0 ? 'Full path' : 'Full path, at the rate it sustained',
      covers: 'participant PROGRESS publish → client',
      fleet: ctx.fleet,
      pids,
      ratePerS: rate,
      durationS: settings.rateDurationS,
      slowMs: settings.slowMs,
      send: { fire: (n) => media.sendProgress(jobIds, n) },
    });
    stages.pause();
    measured(ctx, 'full path latency', run);
    fullPath.push(run);
    fullPathStages.push({
      offeredPerS: rate,
      jobEvent: percentiles(stages.events),
      jobUpdate: percentiles(stages.updates),
      client: run.latency,
    });
    if (run.deliveredPerS >= KEEPS_UP_SHARE * rate) break;
    rate = Math.max(50, Math.floor((run.deliveredPerS * 0.8) / 50) * 50);
  }
  await stages.stop();
  await media.stop();
  await full.stop();
  return { fullPath, fullPathStages };
}

/** A new ws-service with several sockets per user, so every update goes to that many sockets. */
export async function fanOutPhase(
  ctx: BenchContext,
  jobServicePort: number,
): Promise<{ heapServiceFanOut: HeapReading; deliveriesFanOut: DeliveryRun; closed: FleetStats }> {
  const { fleet, settings } = ctx;
  // Whole users only, so that every update reaches exactly socketsPerUser sockets.
  const userCount = Math.max(1, Math.floor(settings.connections / settings.socketsPerUser));
  const users = range(userCount, (i) => `fan-user-${i}`);
  const tokens = await ctx.auth.mint(users);
  const socketTokens = range(userCount * settings.socketsPerUser, (i) => tokens[i % userCount] as string);
  const ws = await freshWsService(ctx, `127.0.0.1:${jobServicePort}`, {
    tokens: tokens.slice(0, WARMUP_SOCKETS),
    users: users.slice(0, WARMUP_SOCKETS),
  });
  const label = `ws-service, ${settings.socketsPerUser} sockets per user`;
  const heapServiceFanOut = await measureHeap({
    label,
    inspectorPort: ws.inspectorPort,
    fleet,
    connect: connectOptions(ctx, ws.url, socketTokens, 'jobtrack'),
    onReading: ctx.profiler.readingHook(ws),
  });
  ctx.profiler.recordCensus(heapServiceFanOut);
  measured(ctx, 'ws-service heap, fan-out', heapServiceFanOut);
  const deliveriesFanOut = await serviceDeliveries(ctx, ws, {
    label,
    jobs: syntheticJobs(users),
    fanOut: settings.socketsPerUser,
    sockets: heapServiceFanOut.sockets.ready,
  });
  measured(ctx, 'ws-service deliveries, fan-out', deliveriesFanOut);
  const closed = await fleet.request({ op: 'stats' });
  await closeAll(ctx);
  await ws.service.stop();
  return { heapServiceFanOut, deliveriesFanOut, closed };
}
