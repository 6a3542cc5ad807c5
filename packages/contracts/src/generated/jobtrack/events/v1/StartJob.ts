// Original file: proto/jobtrack/events/v1/events.proto


export interface StartJob {
  'inputJson'?: (string);
}

export interface StartJob__Output {
  'inputJson': (string);
}
