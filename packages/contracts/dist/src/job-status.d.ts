import type { JobStatus__Output } from './generated/jobtrack/jobs/v1/JobStatus.ts';
/** Job statuses as REST and WebSocket clients see them; proto carries them as JOB_STATUS_<name>. */
export declare const JOB_STATUSES: readonly ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "COMPENSATING", "COMPENSATED", "CANCELLED"];
export type JobStatusName = (typeof JOB_STATUSES)[number];
export declare function isTerminal(status: JobStatusName): boolean;
export declare function toProtoStatus(status: JobStatusName): JobStatus__Output;
/** The client-facing name of a proto status; UNSPECIFIED (a sender that set nothing) is not a status. */
export declare function fromProtoStatus(status: string): JobStatusName | undefined;
