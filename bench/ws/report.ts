import type { CpuShares } from '../lib/cpu-usage.ts';
import type { Percentiles } from '../sagas/stats.ts';
import type { CensusGrowth } from './heap-snapshot.ts';
import { type DeliveryRun, type HeapReading, type LatencyRun, perSocket } from './measure.ts';

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const met = (ok: boolean) => (ok ? 'yes' : '**no**');

function cpuCell(cpu: CpuShares | undefined): string {
  if (!cpu) return '';
  const parts = Object.entries(cpu.processes).map(([name, cores]) => `${name} ${cores.toFixed(2)}`);
  return [...parts, `machine ${cpu.machine.toFixed(2)}`].join(', ');
}

/** Everything one run measured, by role. */
export interface WsFigures {
  heapRaw: HeapReading;
  heapService: HeapReading;
  heapServiceFanOut: HeapReading;
  broadcast: DeliveryRun;
  /** The raw server sending as the ws-service does, a few sockets per event, at the target rate. */
  pacedDeliveries: DeliveryRun;
  deliveriesOne: DeliveryRun;
  deliveriesFanOut: DeliveryRun;
  rawKafka: LatencyRun;
  rawWs: LatencyRun;
  serviceLeg: LatencyRun;
  /** At the target rate first; a second run at a lower rate when the full path could not keep up. */
  fullPath: LatencyRun[];
  /** The same runs, timed at each Kafka topic along the way as well. */
  fullPathStages: FullPathStages[];
}

/** One full-path run's latencies from the participant's publish to each stage it reaches. */
export interface FullPathStages {
  offeredPerS: number;
  /** The orchestrator's job event, read by a consumer of the job-events topic. */
  jobEvent: Percentiles;
  /** The job service's job update, read by a consumer of the job-updates topic. */
  jobUpdate: Percentiles;
  client: Percentiles;
}

export interface WsTargets {
  heapPerConnectionBytes: number;
  deliveriesPerS: number;
  latencyRatePerS: number;
  p99Ms: number;
}

/** Below this share of the offered rate delivered, the full path counts as not keeping up. */
export const KEEPS_UP_SHARE = 0.95;

/** The names the CPU columns give the ws-service's process and the baseline server's. */
export const SERVER_PROCESS = 'ws-service';
export const BASELINE_PROCESS = 'server';

/** Kafka hops between a participant's progress reply and the ws-service's socket write. */
export const FULL_PATH_HOPS = 3;

function targetsTable(f: WsFigures, targets: WsTargets): string {
  const heapService = perSocket(f.heapService, 'heapUsed');
  const heapRaw = perSocket(f.heapRaw, 'heapUsed');
  const floor = (hops: number) => hops * f.rawKafka.latency.p99 + f.rawWs.latency.p99;
  const full = f.fullPath[f.fullPath.length - 1];
  const deliveries = (run: DeliveryRun) => [
    `${int(run.perS)}/s (${int(run.sockets)} sockets, each update to ${run.fanOut})`,
    `${int(f.broadcast.perS)}/s: raw \`ws\` broadcast to ${int(f.broadcast.sockets)} sockets`,
    ratio(run.perS / f.broadcast.perS),
    met(run.perS >= targets.deliveriesPerS),
  ];
  const latency = (run: LatencyRun, hops: number) => [
    `${ms(run.latency.p99)} ms p99 (${ms(run.latency.p50)} p50) at ${int(run.offeredPerS)}/s offered, ${int(run.deliveredPerS)}/s delivered`,
    `${ms(floor(hops))} ms: ${hops === 1 ? 'a raw Kafka hop' : `${hops} raw Kafka hops`} p99 + raw \`ws\` send p99`,
    ratio(run.latency.p99 / floor(hops)),
    met(run.latency.p99 < targets.p99Ms && run.offeredPerS >= targets.latencyRatePerS),
  ];
  const rows = [
    [
      `Heap per idle connection < ${targets.heapPerConnectionBytes / 1024} KB`,
      `${kb(heapService)} (${int(f.heapService.sockets.ready)} sockets of as many users, each subscribed to all its jobs)`,
      `${kb(heapRaw)}: raw \`ws\` server, ${int(f.heapRaw.sockets.ready)} idle sockets`,
      ratio(heapService / heapRaw),
      met(heapService < targets.heapPerConnectionBytes && f.heapService.sockets.ready > 0),
    ],
    [
      `Deliveries ≥ ${int(targets.deliveriesPerS)}/s, ${f.deliveriesFanOut.fanOut} sockets per user`,
      ...deliveries(f.deliveriesFanOut),
    ],
    [`Deliveries ≥ ${int(targets.deliveriesPerS)}/s, 1 socket per user`, ...deliveries(f.deliveriesOne)],
    [
      `p99 < ${targets.p99Ms} ms at ${int(targets.latencyRatePerS)} events/s: job update → client`,
      ...latency(f.serviceLeg, 1),
    ],
    ...(full
      ? [
          [
            `p99 < ${targets.p99Ms} ms at ${int(targets.latencyRatePerS)} events/s: participant → client`,
            ...latency(full, FULL_PATH_HOPS),
          ],
        ]
      : []),
  ];
  return [
    '| Target (issue 5) | Measured | Baseline (same run) | Ratio | Met |',
    '| --- | --- | --- | ---: | --- |',
    ...rows.map(row),
  ].join('\n');
}

function memoryTable(readings: readonly HeapReading[]): string {
  return [
    '| Server | Sockets ready / failed | Connect time s | heapUsed before → after MB | Heap per socket | RSS per socket | External per socket |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: |',
    ...readings.map((reading) =>
      row([
        reading.label,
        `${int(reading.sockets.ready)} / ${int(reading.sockets.failed)}`,
        (reading.sockets.ms / 1000).toFixed(1),
        `${mb(reading.before.heapUsed)} → ${mb(reading.after.heapUsed)}`,
        kb(perSocket(reading, 'heapUsed')),
        kb(perSocket(reading, 'rss')),
        kb(perSocket(reading, 'external')),
      ]),
    ),
  ].join('\n');
}

/** The measured server's CPU time per frame delivered: its cores over the window ÷ frames per second. */
function serverMicrosPerFrame(run: DeliveryRun): string {
  const cores = run.cpu?.processes[SERVER_PROCESS] ?? run.cpu?.processes[BASELINE_PROCESS];
  return cores === undefined || !run.perS ? '' : ((cores * 1e6) / run.perS).toFixed(1);
}

function deliveriesTable(runs: readonly DeliveryRun[]): string {
  return [
    '| Run | Sockets | Sockets per update | Frames in window | Window s | Deliveries/s | Server CPU µs per frame | Received / sent, whole run | CPU cores in the window |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...runs.map((run) =>
      row([
        run.label,
        int(run.sockets),
        int(run.fanOut),
        int(run.frames),
        (run.windowMs / 1000).toFixed(1),
        int(run.perS),
        serverMicrosPerFrame(run),
        `${int(run.received)} / ${int(run.expected)}`,
        cpuCell(run.cpu),
      ]),
    ),
  ].join('\n');
}

function latencyTable(runs: readonly LatencyRun[]): string {
  return [
    '| Run | From → to | Offered/s | Delivered/s | Count | p50 ms | p90 ms | p99 ms | max ms | CPU cores while sending |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...runs.map((run) =>
      row([
        run.label,
        run.covers,
        int(run.offeredPerS),
        int(run.deliveredPerS),
        int(run.latency.count),
        ms(run.latency.p50),
        ms(run.latency.p90),
        ms(run.latency.p99),
        ms(run.latency.max),
        cpuCell(run.cpu),
      ]),
    ),
  ].join('\n');
}

function stagesTable(runs: readonly FullPathStages[]): string {
  const cell = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p99)}`;
  const step = (later: Percentiles, earlier: Percentiles) => ms(later.p50 - earlier.p50);
  return [
    '| Full path at | → job event (orchestrator) p50 / p99 ms | → job update (job service) p50 / p99 ms | → client (ws-service) p50 / p99 ms | p50 added by orchestrator / job service / ws-service, ms |',
    '| --- | --- | --- | --- | --- |',
    ...runs.map((run) =>
      row([
        `${int(run.offeredPerS)}/s`,
        cell(run.jobEvent),
        cell(run.jobUpdate),
        cell(run.client),
        `${ms(run.jobEvent.p50)} / ${step(run.jobUpdate, run.jobEvent)} / ${step(run.client, run.jobUpdate)}`,
      ]),
    ),
  ].join('\n');
}

/** 3, 4, 5, 9 → "3–5, 9". */
function spans(seconds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seconds.length; ) {
    let j = i;
    while (j + 1 < seconds.length && (seconds[j + 1] as number) === (seconds[j] as number) + 1) j++;
    parts.push(i === j ? `${seconds[i]}` : `${seconds[i]}–${seconds[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** When the slow events of each stamped run were sent: stalls of the server show as clusters. */
function slowLines(runs: readonly LatencyRun[]): string[] {
  return runs
    .filter((run) => run.slow.thresholdMs > 0)
    .map((run) => {
      const { count, thresholdMs, seconds } = run.slow;
      const share = run.latency.count ? ((100 * count) / run.latency.count).toFixed(1) : '0';
      return count
        ? `${run.label}: ${int(count)} of ${int(run.latency.count)} events (${share}%) took over ${thresholdMs} ms; they were sent in second ${spans(seconds)} of the run.`
        : `${run.label}: no event took over ${thresholdMs} ms.`;
    });
}

/** The "WebSocket delivery" section of RESULTS.md. */
export function wsSection(run: {
  startedAt: Date;
  command: string;
  settings: string;
  code: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  figures: WsFigures;
  targets: WsTargets;
  checks: readonly string[];
}): string {
  const f = run.figures;
  return [
    '## WebSocket delivery',
    '',
    `- Date: ${run.startedAt.toISOString()}`,
    `- Command: \`${run.command}\` (Kafka and Redis from scripts/with-infra.sh); settings: ${run.settings}`,
    `- Code: ${run.code}`,
    `- Machine: ${run.machine}; the server measured, the client sockets' process, the bench, Kafka and Redis all share it`,
    `- Load average (1/5/15 min) before the run: ${run.loadBefore}; after: ${run.loadAfter}`,
    '',
    targetsTable(f, run.targets),
    '',
    memoryTable([f.heapRaw, f.heapService, f.heapServiceFanOut]),
    '',
    deliveriesTable([f.broadcast, f.pacedDeliveries, f.deliveriesFanOut, f.deliveriesOne]),
    '',
    latencyTable([f.rawKafka, f.rawWs, f.serviceLeg, ...f.fullPath]),
    '',
    ...slowLines([f.rawWs, f.serviceLeg, ...f.fullPath]).map((line) => `- ${line}`),
    '',
    stagesTable(f.fullPathStages),
    '',
    'How the figures are derived:',
    '',
    '- Each server runs in its own process, started with `--inspect` on loopback and nothing else bench-specific: the ws-service is `services/ws-service/src/main.ts` configured by its environment, the baseline `bench/ws/baseline-server.ts`, a bare `ws` WebSocketServer with perMessageDeflate off. The client sockets live in a third process (`bench/ws/client-fleet.ts`, the `ws` client library).',
    '- Memory: the bench connects to the server\'s inspector, runs two full garbage collections and reads `process.memoryUsage()`, before and after the sockets open; the difference divided by the sockets is the cost per connection. A ws-service socket is authenticated (an ES256 JWT of its own user, verified against the bench\'s JWKS over HTTP) and has sent `{"type":"subscribe","all":true,"level":"detail"}` and received `subscribed`; a baseline socket sent the same frame, which the server drops.',
    `- Deliveries: frames the client process receives per second over the window, counted without parsing. The ws-service's come the production way: the bench publishes JobUpdate messages to the job-updates topic through the platform's Messaging, round robin over one job per user, staying at most a bounded number of updates ahead of what the sockets have received; each reaches the sockets of its owner (all of them subscribed to all of the owner's jobs). The baseline broadcasts one pre-serialised event frame of the same size to every socket, round after round, skipping a socket with over 64 KiB queued: the ceiling of this machine, with the client process reading all the time. The paced baseline sends that frame as the ws-service sends its frames, to a few sockets per event, open loop at the target rate, to clients that mostly wait for it; "Server CPU µs per frame" (the server's cores in the window ÷ deliveries/s) compares what a frame costs each. "Received / sent" counts the whole run including warm-up and drain: equal means no frame was lost.`,
    `- Latency: the publisher writes \`performance.timeOrigin + performance.now()\` (epoch ms, µs resolution, the same realtime clock in every process of the machine) into the update's progress message as \`bench@<ms>\`; the client process takes the same clock on receipt, parses the event frame and subtracts. Updates are sent open loop at the rate (update n at n / rate s), round robin over jobs. The ws-service leg publishes JobUpdates as the job service does; the full path has the bench play the transcoder: media.process jobs submitted as the gateway submits them (CreateJob on the job service, then the start command), told to hang their transcoding step's first attempt, get PROGRESS replies from the bench on the media reply topic, which the orchestrator turns into job events, the job service into job updates, the ws-service into frames (${FULL_PATH_HOPS} Kafka hops plus the socket). The raw Kafka hop is kafkajs alone, producer and consumer in the bench process (as in the saga benchmark); the raw \`ws\` send is the baseline server stamping and sending a frame to one socket at a time at the rate. The baselines add the raw hops' and the raw send's p99, which overstates the p99 of their sum. The bench also reads the job events and job updates of the full path in consumer groups of its own and times the stamped ones, so the stage table says how far each stage got (a stage's time includes the Kafka hop to that consumer). When the full path delivers under ${Math.round(KEEPS_UP_SHARE * 100)}% of the offered rate, it runs again at 80% of what it delivered.`,
    '',
    ...run.checks.map((check) => `- ${check}`),
  ].join('\n');
}

const CENSUS_ROWS = 15;

function censusTable(title: string, growth: readonly CensusGrowth[]): string[] {
  const total = growth.reduce((sum, g) => sum + g.bytesPerUnit, 0);
  return [
    `#### ${title}: ${int(total)} bytes per socket in all`,
    '',
    '| Object kind | Bytes per socket | Objects per socket |',
    '| --- | ---: | ---: |',
    ...growth
      .slice(0, CENSUS_ROWS)
      .map((g) =>
        row([`\`${g.kind.replaceAll('|', '\\|')}\``, int(g.bytesPerUnit), g.countPerUnit.toFixed(2)]),
      ),
    '',
  ];
}

/** The profiled run's tables: what each connection keeps (by object kind), and where the CPU went. */
export function wsProfileSection(run: {
  startedAt: Date;
  code: string;
  census: { label: string; growth: readonly CensusGrowth[] }[];
  /** The ws-service's growth per socket minus the raw server's, when both were taken. */
  overBaseline: readonly CensusGrowth[] | undefined;
  cpu: string[];
}): string {
  return [
    '## WebSocket delivery: where the memory and time go',
    '',
    `Profiled run of ${run.startedAt.toISOString()} (\`npm run bench:ws -- --profile\`, code: ${run.code}); heap snapshots and the CPU profiler slow the server, so the figures above are not from this run. A census adds up each object's own size by kind (objects by constructor, strings, arrays, closures and their contexts, native handles), between a heap snapshot taken before the sockets opened and one after (both after full collections), divided by the sockets. It says what the sockets keep, not what retains it. The first ${CENSUS_ROWS} kinds are shown.`,
    '',
    ...run.census.flatMap(({ label, growth }) => censusTable(label, growth)),
    ...(run.overBaseline
      ? censusTable(
          'What a ws-service socket keeps beyond a raw `ws` socket (1 socket per user)',
          run.overBaseline,
        )
      : []),
    ...run.cpu,
  ].join('\n');
}
