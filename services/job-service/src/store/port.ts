import type { JobHistoryEntry, JobRecord } from '../job.ts';

/** What an idempotency key held: the job it created and a fingerprint of the request that created it. */
export interface IdempotencyClaim {
  /** Store-level key, already scoped to the owner and hashed. */
  key: string;
  fingerprint: string;
  ttlMs: number;
  /** A job whose claim on the key, for the same fingerprint, this claim takes over even though the job exists. */
  supersedes?: string;
}

export type CreateResult =
  | { created: true }
  | { created: false; reason: 'id_taken' }
  /** The key was claimed before: by the job `jobId`, for a request with `fingerprint`. */
  | { created: false; reason: 'key_claimed'; jobId: string; fingerprint: string };

/** An entry of an owner's index: newest first by creation time, ties broken by id (descending). */
export interface OwnerIndexEntry {
  id: string;
  createdAt: number;
}

/**
 * Where jobs live, each under a TTL taken from its expiresAt, with what hangs off them: the owner's index, a
 * capped history, the set of jobs no orchestrator has acknowledged yet, and live notifications. Two adapters:
 * Redis, and in-memory for the embedded mode; both pass test/support/job-store-contract.ts. The store only does
 * atomic reads and writes: what a legal change is lives in transitions.ts, once.
 */
export interface JobStore {
  /**
   * Stores a new job, indexes it under its owner and marks it unacknowledged, all at once. With a claim, the
   * key is taken in the same step, unless it already names a job that still exists (`key_claimed`).
   */
  create(job: JobRecord, claim?: IdempotencyClaim): Promise<CreateResult>;
  get(id: string): Promise<JobRecord | undefined>;
  getMany(ids: readonly string[]): Promise<Array<JobRecord | undefined>>;
  /**
   * Replaces the job only if it still has `expectedSeq` (false on a concurrent change or if it expired); in the
   * same step appends `next` to its history (keeping the last `historyLimit`), extends the owner index's life,
   * drops the job from the unacknowledged set once acknowledged or terminal, and notifies watchers.
   */
  commit(
    next: JobRecord,
    expectedSeq: number,
    options: { historyLimit: number; acknowledged: boolean },
  ): Promise<boolean>;
  /** The job's kept history, oldest first. */
  history(id: string): Promise<JobHistoryEntry[]>;
  /** Entries of the owner's index at or below `maxCreatedAt`, skipping the first `offset`. */
  ownerIndex(owner: string, maxCreatedAt: number, offset: number, count: number): Promise<OwnerIndexEntry[]>;
  /** Forgets index entries of jobs that expired. */
  dropFromOwnerIndex(owner: string, ids: readonly string[]): Promise<void>;
  /** Ids of jobs created at or before `createdBefore` that no orchestrator has acknowledged, oldest first. */
  unacknowledged(createdBefore: number, count: number): Promise<string[]>;
  dropUnacknowledged(ids: readonly string[]): Promise<void>;
  /** Calls `listener` with the job after each commit of it, from any replica; returns the unsubscribe. */
  watch(id: string, listener: (job: JobRecord) => void): Promise<() => Promise<void>>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
