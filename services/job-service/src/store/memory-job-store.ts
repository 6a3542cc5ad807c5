import type { JobRecord } from '../job.ts';
import type { JobStore } from './port.ts';

/** In-process job store with the same expiry semantics as Redis: an expired job is gone. */
export class MemoryJobStore implements JobStore {
  readonly #jobs = new Map<string, JobRecord>();
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { now?: () => number; sweepIntervalMs?: number } = {}) {
    this.#now = options.now ?? Date.now;
    // Expired entries are also dropped on read; the sweep only bounds memory for jobs nobody reads again.
    this.#sweeper = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 60_000);
    this.#sweeper.unref();
  }

  async create(job: JobRecord): Promise<boolean> {
    if (this.#live(job.id)) return false;
    this.#jobs.set(job.id, structuredClone(job));
    return true;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = this.#live(id);
    return job && structuredClone(job);
  }

  async compareAndSet(next: JobRecord, expectedSeq: number): Promise<boolean> {
    const current = this.#live(next.id);
    if (!current || current.seq !== expectedSeq) return false;
    this.#jobs.set(next.id, structuredClone(next));
    return true;
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
  }

  #live(id: string): JobRecord | undefined {
    const job = this.#jobs.get(id);
    if (job && job.expiresAt <= this.#now()) {
      this.#jobs.delete(id);
      return undefined;
    }
    return job;
  }

  #sweep(): void {
    for (const id of this.#jobs.keys()) this.#live(id);
  }
}
