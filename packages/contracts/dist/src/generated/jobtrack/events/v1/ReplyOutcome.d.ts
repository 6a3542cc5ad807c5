export declare const ReplyOutcome: {
    readonly REPLY_OUTCOME_UNSPECIFIED: "REPLY_OUTCOME_UNSPECIFIED";
    readonly REPLY_OUTCOME_SUCCESS: "REPLY_OUTCOME_SUCCESS";
    readonly REPLY_OUTCOME_FAILURE: "REPLY_OUTCOME_FAILURE";
};
export type ReplyOutcome = 'REPLY_OUTCOME_UNSPECIFIED' | 0 | 'REPLY_OUTCOME_SUCCESS' | 1 | 'REPLY_OUTCOME_FAILURE' | 2;
export type ReplyOutcome__Output = typeof ReplyOutcome[keyof typeof ReplyOutcome];
