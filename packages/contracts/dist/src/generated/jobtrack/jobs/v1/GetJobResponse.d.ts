import type { Job as _jobtrack_jobs_v1_Job, Job__Output as _jobtrack_jobs_v1_Job__Output } from '../../../jobtrack/jobs/v1/Job.ts';
export interface GetJobResponse {
    'job'?: (_jobtrack_jobs_v1_Job | null);
}
export interface GetJobResponse__Output {
    'job': (_jobtrack_jobs_v1_Job__Output | null);
}
