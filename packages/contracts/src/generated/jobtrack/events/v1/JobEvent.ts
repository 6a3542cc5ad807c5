// Original file: proto/jobtrack/events/v1/events.proto

import type { JobStatus as _jobtrack_jobs_v1_JobStatus, JobStatus__Output as _jobtrack_jobs_v1_JobStatus__Output } from '../../../jobtrack/jobs/v1/JobStatus.ts';
import type { JobProgress as _jobtrack_jobs_v1_JobProgress, JobProgress__Output as _jobtrack_jobs_v1_JobProgress__Output } from '../../../jobtrack/jobs/v1/JobProgress.ts';
import type { JobError as _jobtrack_jobs_v1_JobError, JobError__Output as _jobtrack_jobs_v1_JobError__Output } from '../../../jobtrack/jobs/v1/JobError.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

export interface JobEvent {
  'jobId'?: (string);
  'seq'?: (number | string | Long);
  'status'?: (_jobtrack_jobs_v1_JobStatus);
  'progress'?: (_jobtrack_jobs_v1_JobProgress | null);
  'error'?: (_jobtrack_jobs_v1_JobError | null);
  'resultJson'?: (string);
  'occurTime'?: (_google_protobuf_Timestamp | null);
  'cancelRefused'?: (boolean);
}

export interface JobEvent__Output {
  'jobId': (string);
  'seq': (string);
  'status': (_jobtrack_jobs_v1_JobStatus__Output);
  'progress': (_jobtrack_jobs_v1_JobProgress__Output | null);
  'error': (_jobtrack_jobs_v1_JobError__Output | null);
  'resultJson': (string);
  'occurTime': (_google_protobuf_Timestamp__Output | null);
  'cancelRefused': (boolean);
}
