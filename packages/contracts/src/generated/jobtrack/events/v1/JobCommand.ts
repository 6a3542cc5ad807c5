// Original file: proto/jobtrack/events/v1/events.proto

import type { StartJob as _jobtrack_events_v1_StartJob, StartJob__Output as _jobtrack_events_v1_StartJob__Output } from '../../../jobtrack/events/v1/StartJob.ts';
import type { CancelJob as _jobtrack_events_v1_CancelJob, CancelJob__Output as _jobtrack_events_v1_CancelJob__Output } from '../../../jobtrack/events/v1/CancelJob.ts';

export interface JobCommand {
  'jobId'?: (string);
  'type'?: (string);
  'owner'?: (string);
  'start'?: (_jobtrack_events_v1_StartJob | null);
  'cancel'?: (_jobtrack_events_v1_CancelJob | null);
  'command'?: "start"|"cancel";
}

export interface JobCommand__Output {
  'jobId': (string);
  'type': (string);
  'owner': (string);
  'start'?: (_jobtrack_events_v1_StartJob__Output | null);
  'cancel'?: (_jobtrack_events_v1_CancelJob__Output | null);
  'command'?: "start"|"cancel";
}
