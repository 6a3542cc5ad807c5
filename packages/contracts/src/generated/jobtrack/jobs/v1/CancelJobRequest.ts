// Original file: proto/jobtrack/jobs/v1/job_service.proto


export interface CancelJobRequest {
  'id'?: (string);
  'owner'?: (string);
}

export interface CancelJobRequest__Output {
  'id': (string);
  'owner': (string);
}
