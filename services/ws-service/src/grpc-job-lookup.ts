import { status } from '@grpc/grpc-js';
import type { Job, JobServiceApi } from '@jobtrack/contracts';
import type { JobLookup } from './job-lookup.ts';

/**
 * JobLookup over the job service's GetJob. The job service answers NOT_FOUND for another owner's job as for a
 * missing one, so existence does not leak; any other failure is the caller's to report.
 */
export class GrpcJobLookup implements JobLookup {
  readonly #api: Pick<JobServiceApi, 'getJob'>;

  constructor(api: Pick<JobServiceApi, 'getJob'>) {
    this.#api = api;
  }

  async get(id: string, owner: string): Promise<Job | undefined> {
    try {
      const response = await this.#api.getJob({ id, owner });
      return response.job ?? undefined;
    } catch (error) {
      if ((error as { code?: unknown }).code === status.NOT_FOUND) return undefined;
      throw error;
    }
  }
}
