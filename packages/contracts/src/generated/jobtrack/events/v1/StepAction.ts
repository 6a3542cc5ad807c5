// Original file: proto/jobtrack/events/v1/events.proto

export const StepAction = {
  STEP_ACTION_UNSPECIFIED: 'STEP_ACTION_UNSPECIFIED',
  STEP_ACTION_EXECUTE: 'STEP_ACTION_EXECUTE',
  STEP_ACTION_COMPENSATE: 'STEP_ACTION_COMPENSATE',
} as const;

export type StepAction =
  | 'STEP_ACTION_UNSPECIFIED'
  | 0
  | 'STEP_ACTION_EXECUTE'
  | 1
  | 'STEP_ACTION_COMPENSATE'
  | 2

export type StepAction__Output = typeof StepAction[keyof typeof StepAction]
