import type { Job } from '@jobtrack/contracts';

/** Reads a job on behalf of a user: the ownership check of a subscription. */
export interface JobLookup {
  /** The job, or undefined when it does not exist or belongs to someone else (the two are not told apart). */
  get(id: string, owner: string): Promise<Job | undefined>;
}
