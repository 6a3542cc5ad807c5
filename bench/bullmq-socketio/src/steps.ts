import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Job } from 'bullmq';
import type { JobReport } from './settings.ts';

/** The data the server queues: the submitting user and the job's input as posted. */
export interface QueuedJob {
  owner: string;
  input: Record<string, unknown>;
}

const STEPS: Record<string, readonly string[]> = {
  'order.place': ['reserve_stock', 'authorize_payment', 'schedule_shipping'],
  'media.process': ['store_original', 'generate_renditions', 'publish_to_album'],
};

/** A job whose input asks a step to fail runs the steps before it, then undoes them in reverse: a saga's shape. */
function failingStep(input: Record<string, unknown>): string | undefined {
  const simulate = input.simulate;
  if (typeof simulate !== 'object' || simulate === null) return undefined;
  return Object.entries(simulate).find(
    ([, behaviour]) => typeof behaviour === 'object' && behaviour !== null && 'failAttempts' in behaviour,
  )?.[0];
}

/**
 * Three zero-latency steps with a progress report after each, as the jobtrack participants answer at once; a
 * `progress.stream` job instead reports `count` stamped progress updates `intervalMs` apart from `startAt`.
 */
export async function runJob(job: Job<QueuedJob>): Promise<JobReport> {
  const { owner, input } = job.data;
  if (job.name === 'progress.stream') return streamProgress(job, owner, input);
  const steps = STEPS[job.name];
  if (!steps) throw new Error(`unknown job type ${job.name}`);
  const failing = failingStep(input);
  const done: string[] = [];
  for (const [index, step] of steps.entries()) {
    if (step === failing) {
      for (const undone of done.reverse()) {
        await job.updateProgress({ owner, status: 'COMPENSATING', step: undone } satisfies JobReport);
      }
      return { owner, status: 'COMPENSATED' };
    }
    done.push(step);
    const percent = Math.round(((index + 1) * 100) / steps.length);
    await job.updateProgress({ owner, status: 'RUNNING', step, percent } satisfies JobReport);
  }
  return { owner, status: 'SUCCEEDED' };
}

async function streamProgress(
  job: Job<QueuedJob>,
  owner: string,
  input: Record<string, unknown>,
): Promise<JobReport> {
  const count = Number(input.count);
  const intervalMs = Number(input.intervalMs);
  const startAt = Number(input.startAt);
  for (let n = 0; n < count; n++) {
    const wait = startAt + n * intervalMs - (performance.timeOrigin + performance.now());
    if (wait > 0) await delay(wait);
    const sentAt = performance.timeOrigin + performance.now();
    await job.updateProgress({
      owner,
      status: 'RUNNING',
      step: 'stream',
      percent: Math.min(99, n + 1),
      sentAt,
    } satisfies JobReport);
  }
  return { owner, status: 'SUCCEEDED' };
}
