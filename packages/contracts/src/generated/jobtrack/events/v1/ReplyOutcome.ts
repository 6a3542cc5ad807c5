// Original file: proto/jobtrack/events/v1/events.proto

export const ReplyOutcome = {
  REPLY_OUTCOME_UNSPECIFIED: 'REPLY_OUTCOME_UNSPECIFIED',
  REPLY_OUTCOME_SUCCESS: 'REPLY_OUTCOME_SUCCESS',
  REPLY_OUTCOME_FAILURE: 'REPLY_OUTCOME_FAILURE',
  REPLY_OUTCOME_PROGRESS: 'REPLY_OUTCOME_PROGRESS',
} as const;

export type ReplyOutcome =
  | 'REPLY_OUTCOME_UNSPECIFIED'
  | 0
  | 'REPLY_OUTCOME_SUCCESS'
  | 1
  | 'REPLY_OUTCOME_FAILURE'
  | 2
  | 'REPLY_OUTCOME_PROGRESS'
  | 3

export type ReplyOutcome__Output = typeof ReplyOutcome[keyof typeof ReplyOutcome]
