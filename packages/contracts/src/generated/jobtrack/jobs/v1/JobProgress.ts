// Original file: proto/jobtrack/jobs/v1/job.proto


export interface JobProgress {
  'percent'?: (number);
  'step'?: (string);
  'message'?: (string);
  'stepsDone'?: (number);
  'stepsTotal'?: (number);
}

export interface JobProgress__Output {
  'percent': (number);
  'step': (string);
  'message': (string);
  'stepsDone': (number);
  'stepsTotal': (number);
}
