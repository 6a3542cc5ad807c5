import { performance } from 'node:perf_hooks';
import { epochMs } from '../ws/clock.ts';
import type { WatchedFrame } from './stack.ts';

/** One job as the bench saw it: submitted by whom and when, and what its owner's socket received. */
export interface TrackedJob {
  scenario?: string;
  user?: number;
  /** performance.now() at which the submission was due to leave (open loop) or left (closed loop). */
  submittedAt?: number;
  expected?: string;
  /** The user whose socket received the job's first frame, and whether another user's socket received one too. */
  seenBy?: number;
  seenByAnother: boolean;
  lastSeq: number;
  terminalAt?: number;
  terminalStatus?: string;
}

/**
 * Every job of one stack's run and every frame its watchers received, checked as they arrive: seq per job only
 * rises, one step at a time, and only the submitting user's socket sees the job. A frame may arrive before its
 * job's submission is answered, so either side may create the record.
 */
export class JobBook {
  readonly #jobs = new Map<string, TrackedJob>();
  readonly #terminalWaiters = new Map<string, Set<() => void>>();
  #progressSamples: number[] | undefined;
  /** Frames whose seq was not above the last one seen for the job (a duplicate or a reordering). */
  outOfOrder = 0;
  /** Frames whose seq skipped at least one number. */
  gaps = 0;

  #job(id: string): TrackedJob {
    let job = this.#jobs.get(id);
    if (!job) {
      job = { seenByAnother: false, lastSeq: 0 };
      this.#jobs.set(id, job);
    }
    return job;
  }

  submitted(id: string, details: { scenario: string; user: number; submittedAt: number; expected: string }) {
    Object.assign(this.#job(id), details);
  }

  onFrame(user: number, frame: WatchedFrame): void {
    const receivedAt = performance.now();
    const job = this.#job(frame.jobId);
    if (job.seenBy === undefined) job.seenBy = user;
    else if (job.seenBy !== user) job.seenByAnother = true;
    if (frame.seq !== undefined) {
      if (frame.seq <= job.lastSeq) this.outOfOrder++;
      else {
        if (frame.seq !== job.lastSeq + 1) this.gaps++;
        job.lastSeq = frame.seq;
      }
    }
    if (frame.sentAt !== undefined) this.#progressSamples?.push(epochMs() - frame.sentAt);
    if (frame.terminal && job.terminalAt === undefined) {
      job.terminalAt = receivedAt;
      job.terminalStatus = frame.status;
      for (const resolve of this.#terminalWaiters.get(frame.jobId) ?? []) resolve();
      this.#terminalWaiters.delete(frame.jobId);
    }
  }

  /** Resolves true at the job's terminal frame, or false once `deadline` (performance.now()) passes. */
  untilTerminal(id: string, deadline: number): Promise<boolean> {
    if (this.#job(id).terminalAt !== undefined) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.#terminalWaiters.get(id)?.delete(done);
          resolve(false);
        },
        Math.max(0, deadline - performance.now()),
      );
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const waiters = this.#terminalWaiters.get(id) ?? new Set();
      waiters.add(done);
      this.#terminalWaiters.set(id, waiters);
    });
  }

  /** Starts keeping the latency of every stamped progress frame (receipt minus the stamp, ms). */
  startProgress(): void {
    this.#progressSamples = [];
  }

  stopProgress(): number[] {
    const samples = this.#progressSamples ?? [];
    this.#progressSamples = undefined;
    return samples;
  }

  /** How many stamped frames have arrived since startProgress. */
  get progressReceived(): number {
    return this.#progressSamples?.length ?? 0;
  }

  jobsOf(scenario: string): TrackedJob[] {
    return [...this.#jobs.values()].filter((job) => job.scenario === scenario);
  }

  /** Jobs a socket received that its user did not submit. */
  foreign(): number {
    let count = 0;
    for (const job of this.#jobs.values()) {
      if (
        job.seenByAnother ||
        (job.user !== undefined && job.seenBy !== undefined && job.seenBy !== job.user)
      ) {
        count++;
      }
    }
    return count;
  }
}
