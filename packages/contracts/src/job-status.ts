import type { JobStatus__Output } from './generated/jobtrack/jobs/v1/JobStatus.ts';

/** Job statuses as REST and WebSocket clients see them; proto carries them as JOB_STATUS_<name>. */
export const JOB_STATUSES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'COMPENSATING',
  'COMPENSATED',
  'CANCELLED',
  'CANCELLING',
] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

const TERMINAL: ReadonlySet<JobStatusName> = new Set(['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']);

export function isTerminal(status: JobStatusName): boolean {
  return TERMINAL.has(status);
}

const PREFIX = 'JOB_STATUS_';

export function toProtoStatus(status: JobStatusName): JobStatus__Output {
  return `${PREFIX}${status}`;
}

/** The client-facing name of a proto status; UNSPECIFIED (a sender that set nothing) is not a status. */
export function fromProtoStatus(status: string): JobStatusName | undefined {
  const name = status.startsWith(PREFIX) ? status.slice(PREFIX.length) : status;
  return (JOB_STATUSES as readonly string[]).includes(name) ? (name as JobStatusName) : undefined;
}

/** Error codes the platform itself gives jobs (orchestrators add their own, such as STEP_FAILED). */
export const JOB_ERROR_CODES = {
  /** The gateway could not publish the start command; the job never ran. */
  dispatchFailed: 'DISPATCH_FAILED',
  /** No orchestrator acknowledged the job in time; the sweeper ended it. */
  ackTimeout: 'ACK_TIMEOUT',
  cancelled: 'CANCELLED',
} as const;
