import { historyEntry, type JobHistoryEntry, type JobRecord } from '../job.ts';
import type { CreateResult, IdempotencyClaim, JobStore, OwnerIndexEntry } from './port.ts';

interface HeldClaim {
  jobId: string;
  fingerprint: string;
  expiresAt: number;
}

/** In-process job store with the same expiry semantics as Redis: an expired job is gone, with its history. */
export class MemoryJobStore implements JobStore {
  readonly #jobs = new Map<string, JobRecord>();
  readonly #histories = new Map<string, JobHistoryEntry[]>();
  readonly #owners = new Map<string, Map<string, number>>();
  readonly #unacknowledged = new Map<string, number>();
  readonly #claims = new Map<string, HeldClaim>();
  readonly #watchers = new Map<string, Set<(job: JobRecord) => void>>();
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { now?: () => number; sweepIntervalMs?: number } = {}) {
    this.#now = options.now ?? Date.now;
    // Expired entries are also dropped on read; the sweep only bounds memory for jobs nobody reads again.
    this.#sweeper = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 60_000);
    this.#sweeper.unref();
  }

  async create(job: JobRecord, claim?: IdempotencyClaim): Promise<CreateResult> {
    if (this.#live(job.id)) return { created: false, reason: 'id_taken' };
    if (claim) {
      const held = this.#claims.get(claim.key);
      const superseded = held?.jobId === claim.supersedes && held?.fingerprint === claim.fingerprint;
      if (held && !superseded && held.expiresAt > this.#now() && this.#live(held.jobId)) {
        return { created: false, reason: 'key_claimed', jobId: held.jobId, fingerprint: held.fingerprint };
      }
      this.#claims.set(claim.key, {
        jobId: job.id,
        fingerprint: claim.fingerprint,
        expiresAt: this.#now() + claim.ttlMs,
      });
    }
    this.#jobs.set(job.id, structuredClone(job));
    this.#histories.set(job.id, []);
    let index = this.#owners.get(job.owner);
    if (!index) {
      index = new Map();
      this.#owners.set(job.owner, index);
    }
    index.set(job.id, job.createdAt);
    this.#unacknowledged.set(job.id, job.createdAt);
    return { created: true };
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = this.#live(id);
    return job && structuredClone(job);
  }

  async getMany(ids: readonly string[]): Promise<Array<JobRecord | undefined>> {
    return ids.map((id) => {
      const job = this.#live(id);
      return job && structuredClone(job);
    });
  }

  async commit(
    next: JobRecord,
    expectedSeq: number,
    options: { historyLimit: number; acknowledged: boolean },
  ): Promise<boolean> {
    const current = this.#live(next.id);
    if (!current || current.seq !== expectedSeq) return false;
    const stored = structuredClone(next);
    this.#jobs.set(next.id, stored);
    const history = this.#histories.get(next.id) ?? [];
    history.push(historyEntry(structuredClone(next)));
    history.splice(0, Math.max(0, history.length - options.historyLimit));
    this.#histories.set(next.id, history);
    if (options.acknowledged) this.#unacknowledged.delete(next.id);
    const watchers = this.#watchers.get(next.id);
    // Like a Redis subscriber, watchers hear about the commit after it returns, never inside it.
    if (watchers)
      queueMicrotask(() => {
        for (const listener of watchers) listener(structuredClone(stored));
      });
    return true;
  }

  async history(id: string): Promise<JobHistoryEntry[]> {
    return this.#live(id) ? structuredClone(this.#histories.get(id) ?? []) : [];
  }

  async ownerIndex(
    owner: string,
    maxCreatedAt: number,
    offset: number,
    count: number,
  ): Promise<OwnerIndexEntry[]> {
    const index = this.#owners.get(owner);
    if (!index) return [];
    return [...index]
      .filter(([, createdAt]) => createdAt <= maxCreatedAt)
      .map(([id, createdAt]) => ({ id, createdAt }))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(offset, offset + count);
  }

  async dropFromOwnerIndex(owner: string, ids: readonly string[]): Promise<void> {
    const index = this.#owners.get(owner);
    for (const id of ids) index?.delete(id);
    if (index?.size === 0) this.#owners.delete(owner);
  }

  async unacknowledged(createdBefore: number, count: number): Promise<string[]> {
    return [...this.#unacknowledged]
      .filter(([, createdAt]) => createdAt <= createdBefore)
      .sort((a, b) => a[1] - b[1])
      .slice(0, count)
      .map(([id]) => id);
  }

  async dropUnacknowledged(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.#unacknowledged.delete(id);
  }

  async watch(id: string, listener: (job: JobRecord) => void): Promise<() => Promise<void>> {
    let listeners = this.#watchers.get(id);
    if (!listeners) {
      listeners = new Set();
      this.#watchers.set(id, listeners);
    }
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#watchers.get(id) === listeners) this.#watchers.delete(id);
    };
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
      this.#histories.delete(id);
      return undefined;
    }
    return job;
  }

  #sweep(): void {
    for (const id of this.#jobs.keys()) this.#live(id);
    for (const [owner, index] of this.#owners) {
      for (const id of index.keys()) if (!this.#jobs.has(id)) index.delete(id);
      if (index.size === 0) this.#owners.delete(owner);
    }
    for (const id of this.#unacknowledged.keys()) if (!this.#jobs.has(id)) this.#unacknowledged.delete(id);
    const now = this.#now();
    for (const [key, claim] of this.#claims) if (claim.expiresAt <= now) this.#claims.delete(key);
  }
}
