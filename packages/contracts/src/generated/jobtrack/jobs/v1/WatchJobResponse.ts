// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { JobUpdate as _jobtrack_jobs_v1_JobUpdate, JobUpdate__Output as _jobtrack_jobs_v1_JobUpdate__Output } from '../../../jobtrack/jobs/v1/JobUpdate.ts';

export interface WatchJobResponse {
  'update'?: (_jobtrack_jobs_v1_JobUpdate | null);
  'truncated'?: (boolean);
}

export interface WatchJobResponse__Output {
  'update': (_jobtrack_jobs_v1_JobUpdate__Output | null);
  'truncated': (boolean);
}
