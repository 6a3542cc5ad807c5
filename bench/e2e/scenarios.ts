import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { type CpuShares, startCpuMeter } from '../lib/cpu-usage.ts';
import { type Percentiles, percentiles } from '../sagas/stats.ts';
import type { JobBook } from './job-book.ts';
import type { StackUnderTest } from './stack.ts';
import { submitJob } from './submit.ts';

/** A job that got no terminal frame this long after the last submission of its scenario counts as lost. */
export const LOST_AFTER_MS = 30_000;

export interface RunContext {
  stack: StackUnderTest;
  book: JobBook;
  /** One token per user; job n belongs to user n mod users. */
  tokens: readonly string[];
  /** Kafka and Redis, whose CPU is measured beside the stack's. */
  infraPids: Record<string, number>;
}

export interface JobScenarioResult {
  scenario: string;
  load: string;
  offered: number;
  accepted: number;
  /** Submissions answered with anything but 202, or not answered. */
  refused: number;
  completed: number;
  lost: number;
  /** Terminal frames whose status was not the one the job's input asks for. */
  wrongOutcome: number;
  /** Submit → terminal frame, ms, over the completed jobs. */
  latency: Percentiles;
  completedPerS: number;
  cpu: CpuShares | undefined;
}

export interface ProgressScenarioResult {
  scenario: string;
  load: string;
  sent: number;
  received: number;
  lost: number;
  /** Publish (the stamp) → receipt at the client, ms. */
  latency: Percentiles;
  cpu: CpuShares | undefined;
}

/** What a job is asked to do, and so how it must end: 70 % orders, 10 % orders that compensate, 20 % media. */
const KINDS = [
  ...Array.from({ length: 7 }, () => ({ expected: 'SUCCEEDED', body: () => order({}) })),
  { expected: 'COMPENSATED', body: () => order({ authorize_payment: { failAttempts: 1 } }) },
  ...Array.from({ length: 2 }, () => ({ expected: 'SUCCEEDED', body: () => media() })),
];

function order(simulate: Record<string, unknown>) {
  return {
    type: 'order.place',
    input: {
      orderId: `o-${randomUUID()}`,
      items: [{ sku: 'book-1', quantity: 1 }],
      amountCents: 2500,
      currency: 'EUR',
      simulate,
    },
  };
}

function media() {
  return {
    type: 'media.process',
    input: {
      mediaId: `m-${randomUUID()}`,
      albumId: 'bench',
      fileName: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes: 1_048_576,
      renditions: ['thumbnail'],
    },
  };
}

function meter(ctx: RunContext) {
  return startCpuMeter({ ...ctx.stack.pids(), ...ctx.infraPids, 'load generator': process.pid });
}

/** Submits job n (kind n mod 10, user n mod users) and books it when accepted; its id, or undefined when refused. */
async function submit(
  ctx: RunContext,
  scenario: string,
  n: number,
  submittedAt: number,
): Promise<string | undefined> {
  const kind = KINDS[n % KINDS.length] as (typeof KINDS)[number];
  const user = n % ctx.tokens.length;
  try {
    const answer = await submitJob(ctx.stack.submitUrl, ctx.tokens[user] as string, kind.body());
    if (answer.status !== 202) return undefined;
    const id = (JSON.parse(answer.body) as { id: string }).id;
    ctx.book.submitted(id, { scenario, user, submittedAt, expected: kind.expected });
    return id;
  } catch {
    return undefined;
  }
}

function summarize(
  ctx: RunContext,
  scenario: string,
  load: string,
  offered: number,
  completedPerS: (completed: number[]) => number,
  cpu: CpuShares | undefined,
): JobScenarioResult {
  const jobs = ctx.book.jobsOf(scenario);
  const done = jobs.filter((job) => job.terminalAt !== undefined);
  const latencies = done.map((job) => (job.terminalAt as number) - (job.submittedAt as number));
  return {
    scenario,
    load,
    offered,
    accepted: jobs.length,
    refused: offered - jobs.length,
    completed: done.length,
    lost: jobs.length - done.length,
    wrongOutcome: done.filter((job) => job.terminalStatus !== job.expected).length,
    latency: percentiles(latencies),
    completedPerS: completedPerS(done.map((job) => job.terminalAt as number)),
    cpu,
  };
}

/**
 * Open loop: submission n leaves at n / rate seconds whatever the earlier ones take, and its latency runs from
 * that moment to its terminal frame, so a stack that falls behind shows as latency, not as a lower rate.
 */
export async function openLoop(
  ctx: RunContext,
  ratePerS: number,
  durationS: number,
): Promise<JobScenarioResult> {
  const scenario = `open-${ratePerS}`;
  const total = ratePerS * durationS;
  const cpu = meter(ctx);
  const started = performance.now();
  const submissions: Array<Promise<string | undefined>> = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / ratePerS;
    const wait = due - performance.now();
    if (wait > 1) await delay(wait);
    submissions.push(submit(ctx, scenario, n, due));
  }
  const lastDue = started + ((total - 1) * 1000) / ratePerS;
  const ids = (await Promise.all(submissions)).filter((id) => id !== undefined);
  await Promise.all(ids.map((id) => ctx.book.untilTerminal(id, lastDue + LOST_AFTER_MS)));
  const shares = cpu.stop();
  return summarize(
    ctx,
    scenario,
    `${ratePerS.toLocaleString('en-US')} jobs/s open loop, ${durationS} s`,
    total,
    (terminalAts) => (terminalAts.length * 1000) / Math.max(1, Math.max(...terminalAts) - started),
    shares,
  );
}

/**
 * Closed loop: each of `connections` clients submits a job, waits for its terminal frame, and submits the next,
 * for `durationS`; the rate is the completions inside that window. Jobs still running at its end are drained.
 */
export async function closedLoop(
  ctx: RunContext,
  connections: number,
  durationS: number,
): Promise<JobScenarioResult> {
  const scenario = `closed-${connections}`;
  const cpu = meter(ctx);
  const started = performance.now();
  const windowEnd = started + durationS * 1000;
  let offered = 0;
  const client = async (index: number) => {
    for (let round = 0; performance.now() < windowEnd; round++) {
      const n = index + round * connections;
      offered++;
      const submittedAt = performance.now();
      const id = await submit(ctx, scenario, n, submittedAt);
      if (id === undefined) continue;
      if (!(await ctx.book.untilTerminal(id, submittedAt + LOST_AFTER_MS))) return;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => client(index)));
  const shares = cpu.stop();
  return summarize(
    ctx,
    scenario,
    `closed loop, ${connections} clients, ${durationS} s`,
    offered,
    (terminalAts) => (terminalAts.filter((at) => at <= windowEnd).length * 1000) / (windowEnd - started),
    shares,
  );
}

/** Progress reports at `ratePerS` for `durationS` through the stack's whole path to the owners' sockets. */
export async function progressRun(
  ctx: RunContext,
  ratePerS: number,
  durationS: number,
): Promise<ProgressScenarioResult> {
  await ctx.stack.progress.prepare(ctx.tokens, ratePerS, durationS);
  const cpu = meter(ctx);
  ctx.book.startProgress();
  const sent = await ctx.stack.progress.run(ratePerS, durationS);
  const deadline = performance.now() + LOST_AFTER_MS;
  // Stamped frames carry no job-level terminal to await; the count is watched until complete or the deadline.
  while (ctx.book.progressReceived < sent && performance.now() < deadline) await delay(50);
  const shares = cpu.stop();
  const samples = ctx.book.stopProgress();
  return {
    scenario: 'progress',
    load: `${ratePerS.toLocaleString('en-US')} progress events/s, ${durationS} s`,
    sent,
    received: samples.length,
    lost: Math.max(0, sent - samples.length),
    latency: percentiles(samples),
    cpu: shares,
  };
}
