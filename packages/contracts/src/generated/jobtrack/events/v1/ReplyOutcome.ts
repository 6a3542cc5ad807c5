// Original file: proto/jobtrack/events/v1/events.proto

export const ReplyOutcome = {
  REPLY_OUTCOME_UNSPECIFIED: 'REPLY_OUTCOME_UNSPECIFIED',
  REPLY_OUTCOME_SUCCESS: 'REPLY_OUTCOME_SUCCESS',
  REPLY_OUTCOME_FAILURE: 'REPLY_OUTCOME_FAILURE',
} as const;

export type ReplyOutcome =
  | 'REPLY_OUTCOME_UNSPECIFIED'
  | 0
  | 'REPLY_OUTCOME_SUCCESS'
  | 1
  | 'REPLY_OUTCOME_FAILURE'
  | 2

export type ReplyOutcome__Output = typeof ReplyOutcome[keyof typeof ReplyOutcome]
