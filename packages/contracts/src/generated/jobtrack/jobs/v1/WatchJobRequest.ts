// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchJobRequest {
  'id'?: (string);
  'owner'?: (string);
  'sinceSeq'?: (number | string | Long);
}

export interface WatchJobRequest__Output {
  'id': (string);
  'owner': (string);
  'sinceSeq': (string);
}
