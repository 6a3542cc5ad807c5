// Original file: proto/jobtrack/events/v1/events.proto

import type { StepAction as _jobtrack_events_v1_StepAction, StepAction__Output as _jobtrack_events_v1_StepAction__Output } from '../../../jobtrack/events/v1/StepAction.ts';
import type { ReplyOutcome as _jobtrack_events_v1_ReplyOutcome, ReplyOutcome__Output as _jobtrack_events_v1_ReplyOutcome__Output } from '../../../jobtrack/events/v1/ReplyOutcome.ts';

export interface ParticipantReply {
  'sagaId'?: (string);
  'jobId'?: (string);
  'step'?: (string);
  'action'?: (_jobtrack_events_v1_StepAction);
  'outcome'?: (_jobtrack_events_v1_ReplyOutcome);
  'reason'?: (string);
  'resultJson'?: (string);
  'commandId'?: (string);
  'errorCode'?: (string);
  'percent'?: (number);
  'message'?: (string);
}

export interface ParticipantReply__Output {
  'sagaId': (string);
  'jobId': (string);
  'step': (string);
  'action': (_jobtrack_events_v1_StepAction__Output);
  'outcome': (_jobtrack_events_v1_ReplyOutcome__Output);
  'reason': (string);
  'resultJson': (string);
  'commandId': (string);
  'errorCode': (string);
  'percent': (number);
  'message': (string);
}
