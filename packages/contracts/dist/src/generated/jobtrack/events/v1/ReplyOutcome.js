// Original file: proto/jobtrack/events/v1/events.proto
export const ReplyOutcome = {
    REPLY_OUTCOME_UNSPECIFIED: 'REPLY_OUTCOME_UNSPECIFIED',
    REPLY_OUTCOME_SUCCESS: 'REPLY_OUTCOME_SUCCESS',
    REPLY_OUTCOME_FAILURE: 'REPLY_OUTCOME_FAILURE',
};
//# sourceMappingURL=ReplyOutcome.js.map