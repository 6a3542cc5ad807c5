import type { Job, JobUpdate } from '@jobtrack/contracts';

export interface JobHistory {
  /** Oldest first. */
  updates: JobUpdate[];
  /** The history cap dropped updates after the requested seq. */
  truncated: boolean;
}

/**
 * Reads jobs on behalf of a user: the ownership check of a subscription, and the history a resume or a gap is
 * filled from. Undefined when the job does not exist or belongs to someone else; the two are not told apart.
 */
export interface JobLookup {
  get(id: string, owner: string): Promise<Job | undefined>;
  /** Updates with a seq above `sinceSeq`. */
  events(id: string, owner: string, sinceSeq: number): Promise<JobHistory | undefined>;
}
