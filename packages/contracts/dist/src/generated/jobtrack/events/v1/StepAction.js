// Original file: proto/jobtrack/events/v1/events.proto
export const StepAction = {
    STEP_ACTION_UNSPECIFIED: 'STEP_ACTION_UNSPECIFIED',
    STEP_ACTION_EXECUTE: 'STEP_ACTION_EXECUTE',
    STEP_ACTION_COMPENSATE: 'STEP_ACTION_COMPENSATE',
};
//# sourceMappingURL=StepAction.js.map