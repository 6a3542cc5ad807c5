export declare const StepAction: {
    readonly STEP_ACTION_UNSPECIFIED: "STEP_ACTION_UNSPECIFIED";
    readonly STEP_ACTION_EXECUTE: "STEP_ACTION_EXECUTE";
    readonly STEP_ACTION_COMPENSATE: "STEP_ACTION_COMPENSATE";
};
export type StepAction = 'STEP_ACTION_UNSPECIFIED' | 0 | 'STEP_ACTION_EXECUTE' | 1 | 'STEP_ACTION_COMPENSATE' | 2;
export type StepAction__Output = typeof StepAction[keyof typeof StepAction];
