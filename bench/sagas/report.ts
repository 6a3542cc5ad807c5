import type { CpuShares } from '../lib/cpu-usage.ts';
import type { Percentiles } from './stats.ts';

/** One measured run, or one step of the sagas of a run as their job events timed it. */
export interface Measured {
  label: string;
  load: string;
  latency: Percentiles;
  /** Completions per second (steady part of a windowed run); absent for step timings. */
  ratePerS?: number | undefined;
  cpu?: CpuShares | undefined;
}

/** Kafka hops on a saga's critical path: the start command in, three steps of command out and reply back, the final job event out. */
export const HOPS_PER_SAGA = 8;
/** The order.place steps that go to a participant (two hops each); the fourth, confirm, runs in the orchestrator. */
export const PARTICIPANT_STEPS = 3;

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (value: number) => `${value.toFixed(2)}×`;
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

const CPU_COLUMNS = ['orchestrator', 'participants', 'bench'] as const;

function cpuCell(cpu: CpuShares | undefined): string {
  if (!cpu) return '';
  const parts = CPU_COLUMNS.map((name) => (cpu.processes[name] ?? 0).toFixed(2));
  return `${parts.join(' / ')} / ${cpu.machine.toFixed(2)}`;
}

/** Every run, its latency percentiles, rate and CPU. */
export function measuredTable(rows: readonly Measured[]): string {
  return [
    '| Run | Load | Count | per s | p50 ms | p90 ms | p99 ms | max ms | CPU cores: orchestrator / participants / bench / whole machine |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((measured) => {
      const { latency } = measured;
      return row([
        measured.label,
        measured.load,
        int(latency.count),
        measured.ratePerS === undefined ? '' : int(measured.ratePerS),
        ms(latency.p50),
        ms(latency.p90),
        ms(latency.p99),
        ms(latency.max),
        cpuCell(measured.cpu),
      ]);
    }),
  ].join('\n');
}

export interface Comparison {
  scenario: string;
  figure: string;
  baseline: string;
  ratio: string;
}

/** The measured runs the comparison needs, by role. */
export interface Figures {
  rawHop: Measured;
  messagingHop: Measured;
  relay: Measured;
  redis: Measured;
  rawHopWindowed: Measured;
  messagingHopWindowed: Measured;
  sagaOneAtATime: Measured;
  sagaWindowed: Measured;
  participantStep: Measured;
  confirmStep: Measured;
  window: number;
}

/**
 * The hop run that moves the most messages with the window in flight. Raw kafkajs sends one produce request per
 * message, and the broker answers a connection's requests one at a time, while KafkaBus sends what a tick
 * published as one request; the saga runs on the latter, so a ceiling from the slower one would flatter it.
 */
export function fastestWindowedHop(f: Figures): Measured {
  const raw = f.rawHopWindowed.ratePerS ?? 0;
  return raw >= (f.messagingHopWindowed.ratePerS ?? 0) ? f.rawHopWindowed : f.messagingHopWindowed;
}

/** The saga figures beside the Kafka (and Redis) figures measured in the same run. */
export function comparisons(f: Figures): Comparison[] {
  const hop = f.rawHop.latency.p50;
  const twoHops = 2 * hop;
  const perStep = f.sagaOneAtATime.latency.p50 / PARTICIPANT_STEPS;
  const step = f.participantStep.latency.p50;
  const fastest = fastestWindowedHop(f);
  const fastestName = fastest === f.rawHopWindowed ? 'raw kafkajs' : 'Messaging';
  const ceiling = (fastest.ratePerS ?? 0) / HOPS_PER_SAGA;
  const sagaRate = f.sagaWindowed.ratePerS ?? 0;
  const loadedHops = HOPS_PER_SAGA * fastest.latency.p50;
  const versus = (scenario: string, figure: number, unit: string, baseline: number, what: string) => ({
    scenario,
    figure: `${unit === 'ms' ? ms(figure) : int(figure)} ${unit}`,
    baseline: `${unit === 'ms' ? ms(baseline) : int(baseline)} ${unit}: ${what}`,
    ratio: ratio(figure / baseline),
  });
  return [
    versus(
      `Saga throughput, ${f.window} sagas in flight`,
      sagaRate,
      'sagas/s',
      ceiling,
      `${fastestName} hops/s with ${f.window} in flight ÷ ${HOPS_PER_SAGA} hops`,
    ),
    versus(
      'Saga latency p50, one at a time',
      f.sagaOneAtATime.latency.p50,
      'ms',
      HOPS_PER_SAGA * hop,
      `${HOPS_PER_SAGA} raw hops`,
    ),
    versus(
      `Saga latency p50, ${f.window} in flight`,
      f.sagaWindowed.latency.p50,
      'ms',
      loadedHops,
      `${HOPS_PER_SAGA} ${fastestName} hops with ${f.window} in flight`,
    ),
    versus(
      `Time per participant step: saga p50 ÷ ${PARTICIPANT_STEPS}, one at a time`,
      perStep,
      'ms',
      twoHops,
      '2 raw hops',
    ),
    versus(
      'Engine overhead per step by that measure: that − 2 raw hops',
      perStep - twoHops,
      'ms',
      twoHops,
      '2 raw hops',
    ),
    versus('Participant step p50 (from its job events), one at a time', step, 'ms', twoHops, '2 raw hops'),
    versus(
      'Engine overhead per participant step: that − 2 raw hops',
      step - twoHops,
      'ms',
      twoHops,
      '2 raw hops',
    ),
    versus(
      'The same step against a relay',
      step,
      'ms',
      f.relay.latency.p50,
      'a Messaging relay (2 hops, a consumer publishing each message on)',
    ),
    versus(
      'Local step (confirm) p50 (from its job events), one at a time',
      f.confirmStep.latency.p50,
      'ms',
      f.redis.latency.p50,
      '1 Redis round trip',
    ),
  ];
}

export function comparisonTable(rows: readonly Comparison[]): string {
  return [
    '| Scenario | Figure | Baseline (same run) | Ratio |',
    '| --- | ---: | --- | ---: |',
    ...rows.map((c) => row([c.scenario, c.figure, c.baseline, c.ratio])),
  ].join('\n');
}

/** The "Sagas" section of RESULTS.md. */
export function sagasSection(run: {
  startedAt: Date;
  command: string;
  settings: string;
  code: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  measured: readonly Measured[];
  figures: Figures;
  checks: readonly string[];
}): string {
  const { rawHop, messagingHop } = run.figures;
  const fastestName =
    fastestWindowedHop(run.figures) === run.figures.rawHopWindowed
      ? 'raw kafkajs'
      : 'Messaging over KafkaBus';
  return [
    '## Sagas',
    '',
    `- Date: ${run.startedAt.toISOString()}`,
    `- Command: \`${run.command}\` (Kafka and Redis from scripts/with-infra.sh); settings: ${run.settings}`,
    `- Code: ${run.code}`,
    `- Machine: ${run.machine}; the bench, the orchestrator, the participants, Kafka and Redis all share it`,
    `- Load average (1/5/15 min) before the run: ${run.loadBefore}; after: ${run.loadAfter}`,
    '',
    comparisonTable(comparisons(run.figures)),
    '',
    measuredTable(run.measured),
    '',
    'How the figures are derived:',
    '',
    `- A hop is one message from a producer to a consumer in another group. The baseline is kafkajs alone, with the platform's producer and consumer settings and the bytes of a participant command. The Messaging hop (${ms(messagingHop.latency.p50)} ms against ${ms(rawHop.latency.p50)} ms at p50) is the same message through the platform's Messaging over KafkaBus, as the orchestrator and participants send theirs; the relay is two of those with a consumer in between that publishes each message on and waits for the acknowledgement, as a participant replies.`,
    `- A saga runs ${HOPS_PER_SAGA} hops one after the other: the start command to the orchestrator, a command to and a reply from each of the ${PARTICIPANT_STEPS} participants, and the final job event to the bench. The throughput ceiling is the faster hop run with the same number in flight (${fastestName}), divided by those ${HOPS_PER_SAGA}: raw kafkajs sends one produce request per message and the broker serves a connection's requests one at a time, while KafkaBus sends what one tick published as one request.`,
    `- "Saga p50 ÷ ${PARTICIPANT_STEPS}" charges everything (the start and final hops, the local confirm step) to the participant steps. A step timed by its job events does not: it runs from the arrival of the step's first event (published with its command, in the same produce request) to that of its last RUNNING event (published once the reply is applied), both through the same hop to the bench, so it is command out, participant, reply back, and the orchestrator applying the reply.`,
    '- The orchestrator makes three Redis round trips per transition (load; compare-and-set commit with the outbox; mark the outbox published, after the produce is acknowledged), so the Redis row bounds what the store costs a step.',
    '',
    ...run.checks.map((check) => `- ${check}`),
  ].join('\n');
}
