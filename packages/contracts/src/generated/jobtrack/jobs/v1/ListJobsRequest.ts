// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { JobStatus as _jobtrack_jobs_v1_JobStatus, JobStatus__Output as _jobtrack_jobs_v1_JobStatus__Output } from '../../../jobtrack/jobs/v1/JobStatus.ts';

export interface ListJobsRequest {
  'owner'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
  'status'?: (_jobtrack_jobs_v1_JobStatus);
  'type'?: (string);
}

export interface ListJobsRequest__Output {
  'owner': (string);
  'pageSize': (number);
  'pageToken': (string);
  'status': (_jobtrack_jobs_v1_JobStatus__Output);
  'type': (string);
}
