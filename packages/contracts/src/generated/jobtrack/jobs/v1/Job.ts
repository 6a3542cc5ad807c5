// Original file: proto/jobtrack/jobs/v1/job.proto

import type { JobStatus as _jobtrack_jobs_v1_JobStatus, JobStatus__Output as _jobtrack_jobs_v1_JobStatus__Output } from '../../../jobtrack/jobs/v1/JobStatus.ts';
import type { JobProgress as _jobtrack_jobs_v1_JobProgress, JobProgress__Output as _jobtrack_jobs_v1_JobProgress__Output } from '../../../jobtrack/jobs/v1/JobProgress.ts';
import type { JobError as _jobtrack_jobs_v1_JobError, JobError__Output as _jobtrack_jobs_v1_JobError__Output } from '../../../jobtrack/jobs/v1/JobError.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

export interface Job {
  'id'?: (string);
  'type'?: (string);
  'owner'?: (string);
  'status'?: (_jobtrack_jobs_v1_JobStatus);
  'progress'?: (_jobtrack_jobs_v1_JobProgress | null);
  'seq'?: (number | string | Long);
  'error'?: (_jobtrack_jobs_v1_JobError | null);
  'resultJson'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'expireTime'?: (_google_protobuf_Timestamp | null);
  'traceId'?: (string);
  'cancelRequested'?: (boolean);
  'outcome'?: "error"|"resultJson";
}

export interface Job__Output {
  'id': (string);
  'type': (string);
  'owner': (string);
  'status': (_jobtrack_jobs_v1_JobStatus__Output);
  'progress': (_jobtrack_jobs_v1_JobProgress__Output | null);
  'seq': (string);
  'error'?: (_jobtrack_jobs_v1_JobError__Output | null);
  'resultJson'?: (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  'traceId': (string);
  'cancelRequested': (boolean);
  'outcome'?: "error"|"resultJson";
}
