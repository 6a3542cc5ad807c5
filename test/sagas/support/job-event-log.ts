import { fromProtoStatus, isTerminal, type JobEvent } from '@jobtrack/contracts';

export interface LoggedEvent {
  seq: number;
  status: string;
  step: string;
  percent: number;
  message: string;
  stepsDone: number;
  errorCode: string;
  cancelRefused: boolean;
  resultJson: string;
  /** Position among all events of all jobs as the spy received them, to compare the timing of two jobs. */
  arrival: number;
}

interface Waiter {
  jobId: string;
  until: (events: readonly LoggedEvent[]) => boolean;
  resolve: () => void;
}

/**
 * The job events the orchestrators published, per job, one per seq. A redelivered event (same seq) must be
 * the same event: the engine's transitions are deterministic, so a crash may repeat an event but never change
 * it, and `conflicts` lists any seq that came with two different contents.
 */
export class JobEventLog {
  readonly #jobs = new Map<string, Map<number, LoggedEvent>>();
  readonly conflicts: string[] = [];
  #arrivals = 0;
  #waiters: Waiter[] = [];
  #finishedJobs = new Set<string>();
  #finishWaiters: Array<{ count: number; resolve: () => void }> = [];

  record(event: JobEvent): void {
    const seq = Number(event.seq);
    const logged: LoggedEvent = {
      seq,
      status: fromProtoStatus(event.status) ?? event.status,
      step: event.progress?.step ?? '',
      percent: event.progress?.percent ?? -1,
      message: event.progress?.message ?? '',
      stepsDone: event.progress?.stepsDone ?? -1,
      errorCode: event.error?.code ?? '',
      cancelRefused: event.cancelRefused,
      resultJson: event.resultJson,
      arrival: this.#arrivals++,
    };
    const job = this.#jobs.get(event.jobId) ?? new Map<number, LoggedEvent>();
    this.#jobs.set(event.jobId, job);
    const earlier = job.get(seq);
    if (earlier) {
      const { arrival: _a, ...before } = earlier;
      const { arrival: _b, ...now } = logged;
      if (JSON.stringify(before) !== JSON.stringify(now)) this.conflicts.push(`${event.jobId}#${seq}`);
      return;
    }
    job.set(seq, logged);
    if (isComplete(this.of(event.jobId))) this.#finishedJobs.add(event.jobId);
    this.#finishWaiters = this.#finishWaiters.filter((waiter) => {
      if (this.#finishedJobs.size < waiter.count) return true;
      waiter.resolve();
      return false;
    });
    this.#waiters = this.#waiters.filter((waiter) => {
      if (waiter.jobId !== event.jobId || !waiter.until(this.of(waiter.jobId))) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Jobs that reached a terminal status with every event before it. */
  get finishedCount(): number {
    return this.#finishedJobs.size;
  }

  /** Resolves once `count` jobs have finished. */
  async waitForFinished(count: number, timeoutMs: number): Promise<void> {
    if (this.#finishedJobs.size >= count) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#finishWaiters.push({ count, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${this.#finishedJobs.size} of ${count} jobs finished in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** The job's events in seq order. */
  of(jobId: string): LoggedEvent[] {
    return [...(this.#jobs.get(jobId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** Resolves with the job's events once `until` holds for them; rejects with what arrived after `timeoutMs`. */
  async waitFor(
    jobId: string,
    until: (events: readonly LoggedEvent[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<LoggedEvent[]> {
    if (until(this.of(jobId))) return this.of(jobId);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#waiters.push({ jobId, until, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`job ${jobId} not there in ${timeoutMs} ms: ${JSON.stringify(this.of(jobId))}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return this.of(jobId);
  }

  /** The job's events once it has reached a terminal status with no gap before it. */
  finished(jobId: string, timeoutMs?: number): Promise<LoggedEvent[]> {
    return this.waitFor(jobId, (events) => isComplete(events), timeoutMs);
  }
}

function isComplete(events: readonly LoggedEvent[]): boolean {
  const last = events.at(-1);
  if (!last) return false;
  const status = last.status as Parameters<typeof isTerminal>[0];
  return isTerminal(status) && last.seq === events.length;
}
