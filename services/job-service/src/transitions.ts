import {
  fromProtoStatus,
  isTerminal,
  JOB_ERROR_CODES,
  type JobEvent,
  type JobStatusName,
  millisFromTimestamp,
} from '@jobtrack/contracts';
import type { JobErrorState, JobRecord } from './job.ts';

export type Rejection = 'stale' | 'illegal_transition' | 'invalid_event';

export type TransitionResult =
  | { ok: true; job: JobRecord }
  | { ok: false; reason: Rejection; detail: string };

/** How long a job lives from now on, by the status it is entering. */
export type TtlPolicy = (status: JobStatusName) => number;

/**
 * The statuses an orchestrator may move a job to from each non-terminal status. A job never returns to
 * PENDING, and once compensation starts it cannot go forward again; CANCELLING is entered only by a cancel.
 */
const NEXT: Record<JobStatusName, ReadonlySet<JobStatusName>> = {
  PENDING: new Set(['RUNNING', 'COMPENSATING', 'SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']),
  RUNNING: new Set(['RUNNING', 'COMPENSATING', 'SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']),
  CANCELLING: new Set(['RUNNING', 'COMPENSATING', 'SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']),
  COMPENSATING: new Set(['COMPENSATING', 'FAILED', 'COMPENSATED', 'CANCELLED']),
  SUCCEEDED: new Set(),
  FAILED: new Set(),
  COMPENSATED: new Set(),
  CANCELLED: new Set(),
};

const DEFAULT_ERROR_MESSAGE: Partial<Record<JobStatusName, string>> = {
  FAILED: 'the job failed',
  COMPENSATED: 'the job failed and its completed steps were undone',
  CANCELLED: 'the job was cancelled',
};

/**
 * The one definition of how an orchestrator's event changes a job; both job stores apply it, so the in-memory
 * and Redis adapters cannot disagree on what is legal.
 */
export function applyEvent(job: JobRecord, event: JobEvent, now: number, ttl: TtlPolicy): TransitionResult {
  const reported = fromProtoStatus(event.status);
  const eventSeq = Number(event.seq);
  if (!reported || !Number.isSafeInteger(eventSeq) || eventSeq < 1) {
    return { ok: false, reason: 'invalid_event', detail: `status ${event.status}, seq ${event.seq}` };
  }
  if (eventSeq <= job.eventSeq) {
    return { ok: false, reason: 'stale', detail: `seq ${eventSeq} is not above ${job.eventSeq}` };
  }
  if (!NEXT[job.status].has(reported)) {
    return { ok: false, reason: 'illegal_transition', detail: `${job.status} cannot become ${reported}` };
  }
  const progress = event.progress ?? job.progress;
  const forward = reported === 'RUNNING';
  if (forward && progress.stepsDone < job.progress.stepsDone) {
    return {
      ok: false,
      reason: 'illegal_transition',
      detail: `step went backwards: ${progress.stepsDone} done after ${job.progress.stepsDone}`,
    };
  }
  // A cancel stays visible while the saga still reports forward progress it made before seeing the cancel,
  // until the orchestrator refuses it: then the request is answered, and the job is plainly running again.
  const cancelRequested = job.cancelRequested && !event.cancelRefused;
  const status: JobStatusName = forward && cancelRequested ? 'CANCELLING' : reported;
  const next: JobRecord = {
    ...job,
    status,
    cancelRequested,
    progress: {
      percent: Math.min(100, progress.percent),
      step: progress.step,
      message: progress.message,
      stepsDone: progress.stepsDone,
      stepsTotal: progress.stepsTotal,
    },
    seq: job.seq + 1,
    eventSeq,
    updatedAt: Math.max(job.updatedAt, millisFromTimestamp(event.occurTime) ?? now),
    expiresAt: now + ttl(status),
  };
  return { ok: true, job: finish(next, event.error, event.resultJson) };
}

/** Gives a terminal job exactly one of result and error, and a job still running neither. */
function finish(job: JobRecord, error: JobErrorState | null, resultJson: string): JobRecord {
  const { error: _error, resultJson: _result, ...rest } = job;
  if (!isTerminal(job.status)) return rest;
  if (job.status === 'SUCCEEDED') return { ...rest, resultJson: resultJson || '{}' };
  const message = DEFAULT_ERROR_MESSAGE[job.status] ?? job.status;
  if (job.status === 'CANCELLED')
    return { ...rest, error: { code: JOB_ERROR_CODES.cancelled, message: error?.message || message } };
  return {
    ...rest,
    error: error?.code ? { code: error.code, message: error.message } : { code: job.status, message },
  };
}

/** A PENDING job whose command never reached its orchestrator. */
export function failPending(
  job: JobRecord,
  error: JobErrorState,
  now: number,
  ttl: TtlPolicy,
): TransitionResult {
  if (job.status !== 'PENDING') {
    return { ok: false, reason: 'illegal_transition', detail: `${job.status} is past PENDING` };
  }
  return {
    ok: true,
    job: {
      ...job,
      status: 'FAILED',
      error,
      seq: job.seq + 1,
      updatedAt: now,
      expiresAt: now + ttl('FAILED'),
    },
  };
}

/**
 * Records a cancel request. A job the orchestrator is still running forward shows CANCELLING; one already
 * compensating keeps that status, since undoing its steps is what a cancel would do anyway. A repeated request
 * changes nothing (`unchanged`), but the caller still re-sends the cancel command, in case the first was lost.
 */
export function requestCancel(
  job: JobRecord,
  now: number,
  ttl: TtlPolicy,
): TransitionResult | { ok: true; unchanged: true; job: JobRecord } {
  if (isTerminal(job.status)) {
    return { ok: false, reason: 'illegal_transition', detail: `the job is already ${job.status}` };
  }
  if (job.cancelRequested) return { ok: true, unchanged: true, job };
  const status: JobStatusName = job.status === 'COMPENSATING' ? 'COMPENSATING' : 'CANCELLING';
  return {
    ok: true,
    job: {
      ...job,
      status,
      cancelRequested: true,
      seq: job.seq + 1,
      updatedAt: now,
      expiresAt: now + ttl(status),
    },
  };
}

/**
 * Ends a job its orchestrator never acknowledged (no event since it was created): FAILED, or CANCELLED when a
 * cancel was requested meanwhile. Anything the orchestrator has touched is left alone.
 */
/** The statuses the sweeper ends an unacknowledged job with. */
export const SWEPT_STATUSES = ['CANCELLED', 'FAILED'] as const satisfies readonly JobStatusName[];

export function expireUnacknowledged(job: JobRecord, now: number, ttl: TtlPolicy): TransitionResult {
  if (job.eventSeq > 0 || isTerminal(job.status)) {
    return { ok: false, reason: 'illegal_transition', detail: 'the orchestrator has acknowledged the job' };
  }
  const status: (typeof SWEPT_STATUSES)[number] = job.cancelRequested ? 'CANCELLED' : 'FAILED';
  const error: JobErrorState = job.cancelRequested
    ? { code: JOB_ERROR_CODES.cancelled, message: 'the job was cancelled before its orchestrator started it' }
    : { code: JOB_ERROR_CODES.ackTimeout, message: 'the orchestrator did not acknowledge the job in time' };
  return {
    ok: true,
    job: { ...job, status, error, seq: job.seq + 1, updatedAt: now, expiresAt: now + ttl(status) },
  };
}
