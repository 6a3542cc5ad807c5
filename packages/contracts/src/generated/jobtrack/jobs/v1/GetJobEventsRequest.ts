// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type { Long } from '@grpc/proto-loader';

export interface GetJobEventsRequest {
  'id'?: (string);
  'owner'?: (string);
  'sinceSeq'?: (number | string | Long);
}

export interface GetJobEventsRequest__Output {
  'id': (string);
  'owner': (string);
  'sinceSeq': (string);
}
