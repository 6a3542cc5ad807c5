import { z } from 'zod';
import type { Job__Output as Job } from './generated/jobtrack/jobs/v1/Job.ts';
import type { JobProgress__Output as JobProgress } from './generated/jobtrack/jobs/v1/JobProgress.ts';
import type { JobUpdate__Output as JobUpdate } from './generated/jobtrack/jobs/v1/JobUpdate.ts';
import { fromProtoStatus, isTerminal, JOB_STATUSES, type JobStatusName } from './job-status.ts';
import { millisFromTimestamp } from './timestamp.ts';

/**
 * How clients see jobs and their updates, whatever the transport: the REST resources, the SSE stream and the
 * WebSocket event frame all carry these shapes, so one client type reads them all. The types follow from the
 * schemas, which the protocol documents are generated from.
 */
export const jobProgressViewSchema = z.strictObject({
  percent: z.int().min(0).max(100),
  step: z.string().describe('The saga step the job is in, e.g. "authorize_payment"; empty before the first.'),
  message: z.string(),
  stepsDone: z.int().min(0),
  stepsTotal: z.int().min(0).describe('0 while the orchestrator has not reported its steps.'),
});
export type JobProgressView = z.infer<typeof jobProgressViewSchema>;

export const jobErrorViewSchema = z.strictObject({
  code: z.string().describe('Machine-readable reason, e.g. "PAYMENT_DECLINED" or "DISPATCH_FAILED".'),
  message: z.string(),
});
export type JobErrorView = z.infer<typeof jobErrorViewSchema>;

export const jobUpdateViewSchema = z.strictObject({
  jobId: z.string(),
  seq: z
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .describe('Grows by one per update of the job, without gaps.'),
  status: z.enum(JOB_STATUSES),
  done: z.boolean().describe('The job is terminal: SUCCEEDED, FAILED, COMPENSATED or CANCELLED.'),
  progress: jobProgressViewSchema,
  result: z.unknown().optional().describe('What a SUCCEEDED job produced; present only then.'),
  error: jobErrorViewSchema
    .optional()
    .describe('Why a job ended without success; present only once it is terminal.'),
  cancelRequested: z.boolean().describe('A cancel was requested; best effort, the job may still succeed.'),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type JobUpdateView = z.infer<typeof jobUpdateViewSchema>;

/** Exactly one of result or error, and only once the job is done. */
export type JobOutcomeView = Pick<JobUpdateView, 'result' | 'error'>;

type Timestamp = Job['createTime'];

export const isoTime = (timestamp: Timestamp) => new Date(millisFromTimestamp(timestamp) ?? 0).toISOString();

/** A status the job service sent; it never stores an unspecified one, so meeting one means the contract broke. */
export function viewStatus(status: string): JobStatusName {
  const name = fromProtoStatus(status);
  if (!name) throw new Error(`job service sent status ${status}`);
  return name;
}

export function progressView(progress: JobProgress | null): JobProgressView {
  return {
    percent: progress?.percent ?? 0,
    step: progress?.step ?? '',
    message: progress?.message ?? '',
    stepsDone: progress?.stepsDone ?? 0,
    stepsTotal: progress?.stepsTotal ?? 0,
  };
}

export function outcomeView(
  done: boolean,
  message: Pick<Job, 'outcome' | 'error' | 'resultJson'>,
): JobOutcomeView {
  if (!done) return {};
  if (message.outcome === 'resultJson' && message.resultJson) {
    return { result: parseResult(message.resultJson) };
  }
  if (message.outcome === 'error' && message.error) {
    return { error: { code: message.error.code, message: message.error.message } };
  }
  return {};
}

/** The result is JSON written by the job service; should it ever not parse, the client still gets the text. */
function parseResult(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** One update of a job, as the events history, the SSE stream and the WebSocket event frame carry it. */
export function jobUpdateView(update: Pick<JobUpdate, keyof JobUpdate>): JobUpdateView {
  const status = viewStatus(update.status);
  const done = isTerminal(status);
  return {
    jobId: update.jobId,
    seq: Number(update.seq),
    status,
    done,
    progress: progressView(update.progress),
    ...outcomeView(done, update),
    cancelRequested: update.cancelRequested,
    updatedAt: isoTime(update.updateTime),
  };
}
