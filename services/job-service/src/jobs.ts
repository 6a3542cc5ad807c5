import { randomUUID } from 'node:crypto';
import { isTerminal, type JobEvent, type JobStatusName } from '@jobtrack/contracts';
import { metricsRegistry } from '@jobtrack/platform';
import { Counter } from 'prom-client';
import type { JobRecord } from './job.ts';
import type { JobStore } from './store/port.ts';
import { applyEvent, failPending, type Rejection, type TransitionResult } from './transitions.ts';

export interface JobPolicy {
  /** Lifetime of a job that is not finished, renewed by every update. */
  activeTtlMs: number;
  /** How long a finished job stays readable. */
  retentionMs: number;
}

export type UpdateOutcome =
  | { applied: true; job: JobRecord }
  | { applied: false; reason: Rejection | 'unknown_job'; detail: string; job?: JobRecord };

const rejectedEvents = new Counter({
  name: 'jobtrack_job_events_rejected_total',
  help: 'Job events not applied, by reason: stale (seq not above the last), illegal_transition, invalid_event, unknown_job.',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

const CAS_ATTEMPTS = 5;

/** Job lifecycle over a JobStore: creation, owner-scoped reads and event application with optimistic retries. */
export class Jobs {
  readonly #store: JobStore;
  readonly #policy: JobPolicy;
  readonly #now: () => number;

  constructor(store: JobStore, policy: JobPolicy, now: () => number = Date.now) {
    this.#store = store;
    this.#policy = policy;
    this.#now = now;
  }

  async create(input: { type: string; owner: string; traceId: string }): Promise<JobRecord> {
    const now = this.#now();
    const job: JobRecord = {
      id: randomUUID(),
      type: input.type,
      owner: input.owner,
      status: 'PENDING',
      progress: { percent: 0, step: '', message: '' },
      seq: 0,
      eventSeq: 0,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.#policy.activeTtlMs,
      traceId: input.traceId,
    };
    if (!(await this.#store.create(job))) throw new Error(`job id collision: ${job.id}`);
    return job;
  }

  /** The job if it exists and belongs to `owner`; another owner's job is indistinguishable from a missing one. */
  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    const job = await this.#store.get(id);
    return job?.owner === owner ? job : undefined;
  }

  async applyEvent(event: JobEvent): Promise<UpdateOutcome> {
    const outcome = await this.#update(event.jobId, (job) =>
      applyEvent(job, event, this.#now(), (status) => this.#ttlFor(status)),
    );
    if (!outcome.applied) rejectedEvents.inc({ reason: outcome.reason });
    return outcome;
  }

  async failPending(
    id: string,
    owner: string,
    error: { code: string; message: string },
  ): Promise<UpdateOutcome> {
    return this.#update(id, (job) =>
      job.owner === owner
        ? failPending(job, error, this.#now(), this.#policy.retentionMs)
        : { ok: false, reason: 'illegal_transition', detail: 'not the owner' },
    );
  }

  #ttlFor(status: JobStatusName): number {
    return isTerminal(status) ? this.#policy.retentionMs : this.#policy.activeTtlMs;
  }

  async #update(id: string, transition: (job: JobRecord) => TransitionResult): Promise<UpdateOutcome> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const job = await this.#store.get(id);
      if (!job) return { applied: false, reason: 'unknown_job', detail: `no job ${id}` };
      const result = transition(job);
      if (!result.ok) return { applied: false, reason: result.reason, detail: result.detail, job };
      if (await this.#store.compareAndSet(result.job, job.seq)) return { applied: true, job: result.job };
    }
    throw new Error(`job ${id} kept changing under ${CAS_ATTEMPTS} attempts`);
  }
}
