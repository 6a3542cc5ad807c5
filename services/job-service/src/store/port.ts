import type { JobRecord } from '../job.ts';

/**
 * Where jobs live, each under a TTL taken from its expiresAt. Two adapters: Redis, and in-memory for the
 * embedded mode; both pass test/support/job-store-contract.ts. The store only does atomic reads and writes:
 * what a legal change is lives in transitions.ts, once.
 */
export interface JobStore {
  /** Stores a new job; false if the id is taken. */
  create(job: JobRecord): Promise<boolean>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Replaces the job only if it still has `expectedSeq`; false on a concurrent change or if it expired. */
  compareAndSet(next: JobRecord, expectedSeq: number): Promise<boolean>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
