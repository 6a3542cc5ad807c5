import { createHash } from 'node:crypto';
import {
  findJobType,
  isTerminal,
  JOB_ERROR_CODES,
  type JobEvent,
  type JobStatusName,
  TOPICS,
} from '@jobtrack/contracts';
import type { Messaging } from '@jobtrack/platform';
import { v7 as uuidv7 } from 'uuid';
import { JobServiceError, notFound } from './errors.ts';
import { EMPTY_PROGRESS, type JobHistoryEntry, type JobRecord, latestUpdate } from './job.ts';
import { jobsCreated, jobsSwept, rejectedEvents } from './metrics.ts';
import { decodePageToken, encodePageToken, type ListCursor } from './page-token.ts';
import type { JobStore } from './store/port.ts';
import {
  applyEvent,
  expireUnacknowledged,
  failPending,
  type Rejection,
  requestCancel,
  type TransitionResult,
} from './transitions.ts';

export interface JobPolicy {
  /** Lifetime of a job that is not finished, renewed by every update. */
  activeTtlMs: number;
  /** How long a finished job stays readable. */
  retentionMs: number;
  /** Updates kept per job for GetJobEvents and WatchJob. */
  historyLimit: number;
  /** How long an idempotency key is honoured (while its job also still exists). */
  idempotencyTtlMs: number;
  /** How long a job may wait for its orchestrator's first event before the sweeper ends it. */
  ackTimeoutMs: number;
}

export type UpdateOutcome =
  | { applied: true; job: JobRecord }
  | { applied: false; reason: Rejection | 'unknown_job'; detail: string; job?: JobRecord };

export interface CreateJobInput {
  type: string;
  owner: string;
  /** The validated input, serialized the same way for the same input, so that it can be fingerprinted. */
  inputJson: string;
  idempotencyKey: string;
  traceId: string;
}

export interface ListJobsQuery {
  owner: string;
  pageSize: number;
  pageToken: string;
  status: JobStatusName | undefined;
  type: string;
}

export interface JobEvents {
  job: JobRecord;
  entries: JobHistoryEntry[];
  truncated: boolean;
}

const CAS_ATTEMPTS = 5;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;
/** A list call looks at no more index entries than this, so filters over a huge history stay cheap. */
const LIST_SCAN_BUDGET = 2000;
const SWEEP_BATCH = 100;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The job lifecycle over a JobStore: creation (idempotent per owner and key), owner-scoped reads, listing,
 * events, cancellation and the sweep of jobs nobody acknowledged. Every change is a compare-and-set retried on
 * contention, and every applied change is published as a JobUpdate keyed by job id.
 */
export class Jobs {
  readonly #store: JobStore;
  readonly #policy: JobPolicy;
  readonly #messaging: Messaging;
  readonly #now: () => number;

  constructor(deps: { store: JobStore; policy: JobPolicy; messaging: Messaging; now?: () => number }) {
    this.#store = deps.store;
    this.#policy = deps.policy;
    this.#messaging = deps.messaging;
    this.#now = deps.now ?? Date.now;
  }

  async create(input: CreateJobInput): Promise<{ job: JobRecord; replayed: boolean }> {
    const now = this.#now();
    const job: JobRecord = {
      // Time-ordered and monotonic within a process, so jobs created in the same millisecond list in order.
      id: uuidv7(),
      type: input.type,
      owner: input.owner,
      status: 'PENDING',
      progress: EMPTY_PROGRESS,
      seq: 0,
      eventSeq: 0,
      cancelRequested: false,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.#policy.activeTtlMs,
      traceId: input.traceId,
    };
    const fingerprint = sha256(`${input.type}\0${input.inputJson}`);
    const claim = input.idempotencyKey
      ? {
          key: sha256(`${input.owner}\0${input.idempotencyKey}`),
          fingerprint,
          ttlMs: this.#policy.idempotencyTtlMs,
        }
      : undefined;
    const result = await this.#store.create(job, claim);
    if (result.created) {
      jobsCreated.inc({ type: job.type });
      return { job, replayed: false };
    }
    if (result.reason === 'id_taken') throw new Error(`job id collision: ${job.id}`);
    if (result.fingerprint !== fingerprint) {
      throw new JobServiceError(
        'already_exists',
        'the idempotency key was already used for a different request; use a new key for a new job',
      );
    }
    const earlier = await this.get(result.jobId, input.owner);
    if (!earlier) throw new Error('the job of a replayed idempotency key vanished; retry');
    // A job that never left the gateway did nothing: the retry its 503 invited gets a fresh job under the key.
    if (earlier.error?.code === JOB_ERROR_CODES.dispatchFailed && claim) {
      const retried = await this.#store.create(job, { ...claim, supersedes: earlier.id });
      if (retried.created) {
        jobsCreated.inc({ type: job.type });
        return { job, replayed: false };
      }
    }
    return { job: earlier, replayed: true };
  }

  /** The job if it exists and belongs to `owner`; another owner's job is indistinguishable from a missing one. */
  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    const job = await this.#store.get(id);
    return job?.owner === owner ? job : undefined;
  }

  /** The owner's jobs, newest first, filtered; expired jobs found in the index on the way are forgotten. */
  async list(query: ListJobsQuery): Promise<{ jobs: JobRecord[]; nextPageToken: string }> {
    const filters = { status: query.status ?? '', type: query.type };
    const cursor = query.pageToken ? decodePageToken(query.pageToken, query.owner, filters) : undefined;
    const pageSize = Math.min(query.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const batchSize = Math.max(pageSize, 50);
    const jobs: JobRecord[] = [];
    let last: ListCursor | undefined = cursor;
    let offset = 0;
    let examined = 0;
    let exhausted = false;
    while (jobs.length < pageSize && examined < LIST_SCAN_BUDGET) {
      const batch = await this.#store.ownerIndex(
        query.owner,
        cursor?.createdAt ?? Number.POSITIVE_INFINITY,
        offset,
        batchSize,
      );
      offset += batch.length;
      // Ties on the creation time that the cursor already passed (ids at or above its id) were listed before.
      const unseen = batch.filter(
        (entry) => !cursor || entry.createdAt < cursor.createdAt || entry.id < cursor.id,
      );
      const records = await this.#store.getMany(unseen.map((entry) => entry.id));
      const expired: string[] = [];
      let consumed = 0;
      for (const [index, entry] of unseen.entries()) {
        if (jobs.length === pageSize) break;
        consumed++;
        examined++;
        last = entry;
        const job = records[index];
        if (!job) expired.push(entry.id);
        else if ((!query.status || job.status === query.status) && (!query.type || job.type === query.type)) {
          jobs.push(job);
        }
      }
      await this.#store.dropFromOwnerIndex(query.owner, expired);
      if (batch.length < batchSize && consumed === unseen.length) {
        exhausted = true;
        break;
      }
    }
    const nextPageToken = !exhausted && last ? encodePageToken(last, query.owner, filters) : '';
    return { jobs, nextPageToken };
  }

  /** Updates after `sinceSeq` from the job's kept history; `truncated` when the cap dropped some of them. */
  async events(id: string, owner: string, sinceSeq: number): Promise<JobEvents> {
    const job = await this.get(id, owner);
    if (!job) throw notFound(id);
    const entries = (await this.#store.history(id)).filter((entry) => entry.seq > sinceSeq);
    const first = entries[0]?.seq ?? job.seq + 1;
    return { job, entries, truncated: job.seq > sinceSeq && first > sinceSeq + 1 };
  }

  async applyEvent(event: JobEvent): Promise<UpdateOutcome> {
    const outcome = await this.#update(event.jobId, (job) => applyEvent(job, event, this.#now(), this.#ttl));
    if (!outcome.applied) rejectedEvents.inc({ reason: outcome.reason });
    return outcome;
  }

  /**
   * Records a cancel and sends the cancel command to the job's orchestrator. Repeating it on a job already
   * cancelling re-sends the command, in case the first one was lost.
   */
  async cancel(id: string, owner: string): Promise<JobRecord> {
    let job: JobRecord | undefined;
    for (let attempt = 0; attempt < CAS_ATTEMPTS && !job; attempt++) {
      const current = await this.get(id, owner);
      if (!current) throw notFound(id);
      const result = requestCancel(current, this.#now(), this.#ttl);
      if (!result.ok)
        throw new JobServiceError('failed_precondition', `job ${id} cannot be cancelled: ${result.detail}`);
      if ('unchanged' in result) job = current;
      else if (await this.#commit(result.job, current.seq)) {
        job = result.job;
        await this.publishUpdate(job);
      }
    }
    if (!job) throw new Error(`job ${id} kept changing under ${CAS_ATTEMPTS} attempts`);
    const jobType = findJobType(job.type);
    if (jobType) {
      await this.#messaging.publish(
        jobType.commandTopic,
        job.id,
        { jobId: job.id, type: job.type, owner: job.owner, cancel: { reason: 'cancelled by its owner' } },
        { id: `${job.id}:cancel:${job.seq}` },
      );
    }
    return job;
  }

  async failPending(
    id: string,
    owner: string,
    error: { code: string; message: string },
  ): Promise<UpdateOutcome> {
    return this.#update(id, (job) =>
      job.owner === owner
        ? failPending(job, error, this.#now(), this.#ttl)
        : { ok: false, reason: 'illegal_transition', detail: 'not the owner' },
    );
  }

  /**
   * Ends jobs whose orchestrator never acknowledged them in time. Safe on several replicas at once: each end is
   * a compare-and-set, so a job is ended once, and the replica that lost the race finds it no longer eligible.
   */
  async sweepUnacknowledged(): Promise<JobRecord[]> {
    const now = this.#now();
    const ids = await this.#store.unacknowledged(now - this.#policy.ackTimeoutMs, SWEEP_BATCH);
    const ended: JobRecord[] = [];
    const settled: string[] = [];
    for (const id of ids) {
      const outcome = await this.#update(id, (job) => expireUnacknowledged(job, now, this.#ttl));
      if (outcome.applied) {
        ended.push(outcome.job);
        jobsSwept.inc({ status: outcome.job.status });
      } else settled.push(id);
    }
    await this.#store.dropUnacknowledged(settled);
    for (const job of ended) await this.publishUpdate(job);
    return ended;
  }

  /** Publishes the job's latest state; consumers drop a repeat by its seq. */
  async publishUpdate(job: JobRecord): Promise<void> {
    await this.#messaging.publish(TOPICS.jobUpdates, job.id, latestUpdate(job), {
      id: `${job.id}:${job.seq}`,
    });
  }

  readonly #ttl = (status: JobStatusName): number =>
    isTerminal(status) ? this.#policy.retentionMs : this.#policy.activeTtlMs;

  #commit(next: JobRecord, expectedSeq: number): Promise<boolean> {
    return this.#store.commit(next, expectedSeq, {
      historyLimit: this.#policy.historyLimit,
      acknowledged: next.eventSeq > 0 || isTerminal(next.status),
    });
  }

  async #update(id: string, transition: (job: JobRecord) => TransitionResult): Promise<UpdateOutcome> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const job = await this.#store.get(id);
      if (!job) return { applied: false, reason: 'unknown_job', detail: `no job ${id}` };
      const result = transition(job);
      if (!result.ok) return { applied: false, reason: result.reason, detail: result.detail, job };
      if (await this.#commit(result.job, job.seq)) return { applied: true, job: result.job };
    }
    throw new Error(`job ${id} kept changing under ${CAS_ATTEMPTS} attempts`);
  }
}
