// Original file: proto/jobtrack/jobs/v1/job_service.proto


export interface GetJobRequest {
  'id'?: (string);
  'owner'?: (string);
}

export interface GetJobRequest__Output {
  'id': (string);
  'owner': (string);
}
