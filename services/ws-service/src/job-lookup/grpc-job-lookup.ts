import { status } from '@grpc/grpc-js';
import type { Job, JobServiceApi } from '@jobtrack/contracts';
import type { JobHistory, JobLookup } from './port.ts';

/**
 * JobLookup over the job service's GetJob and GetJobEvents. The job service answers NOT_FOUND for another
 * owner's job as for a missing one, so existence does not leak; any other failure is the caller's to report.
 */
export class GrpcJobLookup implements JobLookup {
  readonly #api: Pick<JobServiceApi, 'getJob' | 'getJobEvents'>;

  constructor(api: Pick<JobServiceApi, 'getJob' | 'getJobEvents'>) {
    this.#api = api;
  }

  async get(id: string, owner: string): Promise<Job | undefined> {
    const response = await unlessNotFound(this.#api.getJob({ id, owner }));
    return response?.job ?? undefined;
  }

  async events(id: string, owner: string, sinceSeq: number): Promise<JobHistory | undefined> {
    const response = await unlessNotFound(this.#api.getJobEvents({ id, owner, sinceSeq: String(sinceSeq) }));
    return response && { updates: response.updates, truncated: response.truncated };
  }
}

async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if ((error as { code?: unknown }).code === status.NOT_FOUND) return undefined;
    throw error;
  }
}
