import type { JobError as _jobtrack_jobs_v1_JobError, JobError__Output as _jobtrack_jobs_v1_JobError__Output } from '../../../jobtrack/jobs/v1/JobError.ts';
export interface FailJobRequest {
    'id'?: (string);
    'owner'?: (string);
    'error'?: (_jobtrack_jobs_v1_JobError | null);
}
export interface FailJobRequest__Output {
    'id': (string);
    'owner': (string);
    'error': (_jobtrack_jobs_v1_JobError__Output | null);
}
