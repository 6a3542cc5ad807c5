// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { Job as _jobtrack_jobs_v1_Job, Job__Output as _jobtrack_jobs_v1_Job__Output } from '../../../jobtrack/jobs/v1/Job.ts';

export interface ListJobsResponse {
  'jobs'?: (_jobtrack_jobs_v1_Job)[];
  'nextPageToken'?: (string);
}

export interface ListJobsResponse__Output {
  'jobs': (_jobtrack_jobs_v1_Job__Output)[];
  'nextPageToken': (string);
}
