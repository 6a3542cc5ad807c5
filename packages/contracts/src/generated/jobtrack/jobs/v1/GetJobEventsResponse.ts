// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { JobUpdate as _jobtrack_jobs_v1_JobUpdate, JobUpdate__Output as _jobtrack_jobs_v1_JobUpdate__Output } from '../../../jobtrack/jobs/v1/JobUpdate.ts';

export interface GetJobEventsResponse {
  'updates'?: (_jobtrack_jobs_v1_JobUpdate)[];
  'truncated'?: (boolean);
}

export interface GetJobEventsResponse__Output {
  'updates': (_jobtrack_jobs_v1_JobUpdate__Output)[];
  'truncated': (boolean);
}
