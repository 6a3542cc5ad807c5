// Original file: proto/jobtrack/events/v1/events.proto


export interface CancelJob {
  'reason'?: (string);
}

export interface CancelJob__Output {
  'reason': (string);
}
