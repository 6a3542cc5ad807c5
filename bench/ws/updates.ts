import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { TOPICS, timestampFromMillis } from '@jobtrack/contracts';
import type { Messaging } from '@jobtrack/platform';
import { epochMs, stampMessage } from './clock.ts';
import { SAMPLE_UPDATE } from './event-frame.ts';

/** A job the bench makes up: its updates go straight to the job-updates topic, as the job service publishes them. */
export interface SyntheticJob {
  jobId: string;
  owner: string;
  /** The seq of the last update published; the next is one more, so the ws-service never sees a gap. */
  seq: number;
}

/** One fresh job per owner (new ids each time, so no socket has seen them before). */
export function syntheticJobs(owners: readonly string[]): SyntheticJob[] {
  return owners.map((owner) => ({ jobId: randomUUID(), owner, seq: 0 }));
}

/**
 * Publishes the job's next update, RUNNING with the progress message carrying the publish time, through the
 * platform's Messaging (CloudEvents headers, trace context), keyed by job id as the job service does.
 */
export function publishUpdate(messaging: Messaging, job: SyntheticJob): Promise<void> {
  job.seq++;
  const at = epochMs();
  return messaging.publish(TOPICS.jobUpdates, job.jobId, {
    jobId: job.jobId,
    owner: job.owner,
    type: SAMPLE_UPDATE.type,
    seq: job.seq,
    status: 'JOB_STATUS_RUNNING',
    progress: {
      percent: job.seq % 100,
      step: SAMPLE_UPDATE.step,
      message: stampMessage(at),
      stepsDone: SAMPLE_UPDATE.stepsDone,
      stepsTotal: SAMPLE_UPDATE.stepsTotal,
    },
    updateTime: timestampFromMillis(Math.floor(at)),
    cancelRequested: false,
  });
}

/**
 * Publishes updates round robin over `jobs`, a batch at a time, for as long as `running()` says, keeping at
 * most `maxLag` updates ahead of what the sockets have received: enough that the service always has work, and
 * little enough that the run ends without a backlog to drain.
 */
export async function publishSaturating(options: {
  messaging: Messaging;
  jobs: readonly SyntheticJob[];
  /** Updates delivered so far, as the fleet counts them (frames ÷ sockets per update). */
  delivered: () => Promise<number>;
  running: () => boolean;
  maxLag: number;
  batch: number;
}): Promise<{ published: number; throttledMs: number }> {
  const { jobs, messaging } = options;
  let published = 0;
  let throttledMs = 0;
  while (options.running()) {
    if (published - (await options.delivered()) > options.maxLag) {
      // The fleet is another process: its count can only be polled.
      const pause = 2;
      await delay(pause);
      throttledMs += pause;
      continue;
    }
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < options.batch; i++) {
      sends.push(publishUpdate(messaging, jobs[(published + i) % jobs.length] as SyntheticJob));
    }
    await Promise.all(sends);
    published += options.batch;
  }
  return { published, throttledMs };
}
