// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { Job as _jobtrack_jobs_v1_Job, Job__Output as _jobtrack_jobs_v1_Job__Output } from '../../../jobtrack/jobs/v1/Job.ts';

export interface CreateJobResponse {
  'job'?: (_jobtrack_jobs_v1_Job | null);
  'replayed'?: (boolean);
}

export interface CreateJobResponse__Output {
  'job': (_jobtrack_jobs_v1_Job__Output | null);
  'replayed': (boolean);
}
