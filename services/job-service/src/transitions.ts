import {
  fromProtoStatus,
  isTerminal,
  type JobEvent,
  type JobStatusName,
  millisFromTimestamp,
} from '@jobtrack/contracts';
import type { JobRecord } from './job.ts';

export type Rejection = 'stale' | 'illegal_transition' | 'invalid_event';

export type TransitionResult =
  | { ok: true; job: JobRecord }
  | { ok: false; reason: Rejection; detail: string };

/**
 * The one definition of how an orchestrator's event changes a job; both job stores apply it, so the in-memory
 * and Redis adapters cannot disagree on what is legal.
 */
export function applyEvent(
  job: JobRecord,
  event: JobEvent,
  now: number,
  ttlMs: (status: JobStatusName) => number,
): TransitionResult {
  const status = fromProtoStatus(event.status);
  const eventSeq = Number(event.seq);
  if (!status || !Number.isSafeInteger(eventSeq) || eventSeq < 1) {
    return { ok: false, reason: 'invalid_event', detail: `status ${event.status}, seq ${event.seq}` };
  }
  if (eventSeq <= job.eventSeq) {
    return { ok: false, reason: 'stale', detail: `seq ${eventSeq} is not above ${job.eventSeq}` };
  }
  if (isTerminal(job.status)) {
    return { ok: false, reason: 'illegal_transition', detail: `${job.status} is terminal` };
  }
  if (status === 'PENDING') {
    return { ok: false, reason: 'illegal_transition', detail: `${job.status} cannot return to PENDING` };
  }
  const progress = event.progress ?? job.progress;
  const updatedAt = millisFromTimestamp(event.occurTime) ?? now;
  const next: JobRecord = {
    ...job,
    status,
    progress: { percent: Math.min(100, progress.percent), step: progress.step, message: progress.message },
    seq: job.seq + 1,
    eventSeq,
    updatedAt: Math.max(job.updatedAt, updatedAt),
    expiresAt: now + ttlMs(status),
  };
  if (event.error?.code) next.error = { code: event.error.code, message: event.error.message };
  if (status === 'SUCCEEDED' && event.resultJson) next.resultJson = event.resultJson;
  return { ok: true, job: next };
}

/** A PENDING job whose command never reached its orchestrator. */
export function failPending(
  job: JobRecord,
  error: { code: string; message: string },
  now: number,
  retentionMs: number,
): TransitionResult {
  if (job.status !== 'PENDING') {
    return { ok: false, reason: 'illegal_transition', detail: `${job.status} is past PENDING` };
  }
  return {
    ok: true,
    job: { ...job, status: 'FAILED', error, seq: job.seq + 1, updatedAt: now, expiresAt: now + retentionMs },
  };
}
