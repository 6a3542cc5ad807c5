// Original file: proto/jobtrack/events/v1/events.proto


export interface StartJobCommand {
  'jobId'?: (string);
  'type'?: (string);
  'owner'?: (string);
  'inputJson'?: (string);
}

export interface StartJobCommand__Output {
  'jobId': (string);
  'type': (string);
  'owner': (string);
  'inputJson': (string);
}
