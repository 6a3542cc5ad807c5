// Original file: proto/jobtrack/events/v1/events.proto

import type { StepAction as _jobtrack_events_v1_StepAction, StepAction__Output as _jobtrack_events_v1_StepAction__Output } from '../../../jobtrack/events/v1/StepAction.ts';

export interface ParticipantCommand {
  'sagaId'?: (string);
  'jobId'?: (string);
  'step'?: (string);
  'action'?: (_jobtrack_events_v1_StepAction);
  'payloadJson'?: (string);
  'replyTopic'?: (string);
  'attempt'?: (number);
}

export interface ParticipantCommand__Output {
  'sagaId': (string);
  'jobId': (string);
  'step': (string);
  'action': (_jobtrack_events_v1_StepAction__Output);
  'payloadJson': (string);
  'replyTopic': (string);
  'attempt': (number);
}
