// Original file: proto/jobtrack/jobs/v1/job_service.proto


export interface CreateJobRequest {
  'type'?: (string);
  'owner'?: (string);
  'inputJson'?: (string);
  'idempotencyKey'?: (string);
}

export interface CreateJobRequest__Output {
  'type': (string);
  'owner': (string);
  'inputJson': (string);
  'idempotencyKey': (string);
}
