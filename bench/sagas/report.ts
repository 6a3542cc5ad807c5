import type { CpuShares } from '../lib/cpu-usage.ts';
import type { Percentiles } from './stats.ts';

/** One measured run, or one step of the sagas of a run as their job events timed it. */
export interface Measured {
  id: string;
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

export const CPU_COLUMNS = ['orchestrator', 'participants', 'bench'] as const;

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
  redis: Measured;
  rawHopWindowed: Measured;
  sagaOneAtATime: Measured;
  sagaWindowed: Measured;
  participantStep: Measured;
  confirmStep: Measured;
  window: number;
}

/** The saga figures beside the Kafka (and Redis) figures measured in the same run. */
export function comparisons(f: Figures): Comparison[] {
  const hop = f.rawHop.latency.p50;
  const twoHops = 2 * hop;
  const perStep = f.sagaOneAtATime.latency.p50 / PARTICIPANT_STEPS;
  const stepOverhead = f.participantStep.latency.p50 - twoHops;
  const messagingShare = 2 * (f.messagingHop.latency.p50 - hop);
  const ceiling = (f.rawHopWindowed.ratePerS ?? 0) / HOPS_PER_SAGA;
  const sagaRate = f.sagaWindowed.ratePerS ?? 0;
  const redis = f.redis.latency.p50;
  return [
    {
      scenario: `Saga throughput, ${f.window} sagas in flight`,
      figure: `${int(sagaRate)} sagas/s`,
      baseline: `${int(ceiling)} sagas/s: raw hops/s with ${f.window} in flight ÷ ${HOPS_PER_SAGA} hops`,
      ratio: ratio(sagaRate / ceiling),
    },
    {
      scenario: 'Saga latency p50, one at a time',
      figure: `${ms(f.sagaOneAtATime.latency.p50)} ms`,
      baseline: `${ms(HOPS_PER_SAGA * hop)} ms: ${HOPS_PER_SAGA} raw hops`,
      ratio: ratio(f.sagaOneAtATime.latency.p50 / (HOPS_PER_SAGA * hop)),
    },
    {
      scenario: `Saga latency p50, ${f.window} in flight`,
      figure: `${ms(f.sagaWindowed.latency.p50)} ms`,
      baseline: `${ms(HOPS_PER_SAGA * f.rawHopWindowed.latency.p50)} ms: ${HOPS_PER_SAGA} raw hops with ${f.window} in flight`,
      ratio: ratio(f.sagaWindowed.latency.p50 / (HOPS_PER_SAGA * f.rawHopWindowed.latency.p50)),
    },
    {
      scenario: `Time per participant step: saga p50 ÷ ${PARTICIPANT_STEPS} (one at a time)`,
      figure: `${ms(perStep)} ms`,
      baseline: `${ms(twoHops)} ms: 2 raw hops`,
      ratio: ratio(perStep / twoHops),
    },
    {
      scenario: 'Engine overhead per step by that measure: step time − 2 raw hops',
      figure: `${ms(perStep - twoHops)} ms`,
      baseline: `${ms(redis)} ms: 1 Redis round trip`,
      ratio: ratio((perStep - twoHops) / redis),
    },
    {
      scenario: 'Participant step p50, timed by its job events (one at a time)',
      figure: `${ms(f.participantStep.latency.p50)} ms`,
      baseline: `${ms(twoHops)} ms: 2 raw hops`,
      ratio: ratio(f.participantStep.latency.p50 / twoHops),
    },
    {
      scenario: 'Engine overhead per participant step: that − 2 raw hops',
      figure: `${ms(stepOverhead)} ms`,
      baseline: `${ms(redis)} ms: 1 Redis round trip`,
      ratio: ratio(stepOverhead / redis),
    },
    {
      scenario: '… of which Messaging over KafkaBus, on both hops',
      figure: `${ms(messagingShare)} ms`,
      baseline: `${ms(stepOverhead)} ms: the overhead above`,
      ratio: ratio(messagingShare / stepOverhead),
    },
    {
      scenario: 'Local step (confirm) p50, timed by its job events',
      figure: `${ms(f.confirmStep.latency.p50)} ms`,
      baseline: `${ms(redis)} ms: 1 Redis round trip`,
      ratio: ratio(f.confirmStep.latency.p50 / redis),
    },
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
    `- A hop is one message from a producer to a consumer in another group. The baseline is kafkajs alone, with the platform's producer and consumer settings and the bytes of a participant command; the Messaging hop (${ms(messagingHop.latency.p50)} ms against ${ms(rawHop.latency.p50)} ms at p50) is the same message through the platform's Messaging over KafkaBus, as the orchestrator and participants send theirs.`,
    `- A saga runs ${HOPS_PER_SAGA} hops one after the other: the start command to the orchestrator, a command to and a reply from each of the ${PARTICIPANT_STEPS} participants, and the final job event to the bench. The throughput ceiling is the raw hop rate with the same number in flight, divided by those ${HOPS_PER_SAGA}.`,
    `- "Saga p50 ÷ ${PARTICIPANT_STEPS}" charges everything (the start and final hops, the local confirm step) to the participant steps. The step timed by its job events does not: it runs from the arrival of the step's first event (published with its command) to that of its last RUNNING event (published once the reply is applied), both through the same hop, so it is command out, participant, reply back, and the orchestrator applying it.`,
    '- What a step costs beyond its two hops is stated in Redis round trips, because the orchestrator makes three per transition (load, compare-and-set commit with the outbox, mark the outbox published).',
    '',
    ...run.checks.map((check) => `- ${check}`),
  ].join('\n');
}
