import {
  fromProtoStatus,
  isTerminal,
  type Job,
  type JobProgress,
  type JobStatusName,
  type JobUpdate,
  millisFromTimestamp,
} from '@jobtrack/contracts';
import type { JobResource, JobUpdateResource } from './resources.ts';

type Timestamp = Job['createTime'];

const iso = (timestamp: Timestamp) => new Date(millisFromTimestamp(timestamp) ?? 0).toISOString();

export const jobPath = (id: string) => `/v1/jobs/${encodeURIComponent(id)}`;

function statusOf(status: string): JobStatusName {
  const name = fromProtoStatus(status);
  // The job service never stores an unspecified status; meeting one means the contract broke, not the client.
  if (!name) throw new Error(`job service sent status ${status}`);
  return name;
}

function progressOf(progress: JobProgress | null) {
  return {
    percent: progress?.percent ?? 0,
    step: progress?.step ?? '',
    message: progress?.message ?? '',
    stepsDone: progress?.stepsDone ?? 0,
    stepsTotal: progress?.stepsTotal ?? 0,
  };
}

/** Exactly one of result or error, and only once terminal: what the job resource promises. */
function outcomeOf(done: boolean, message: Pick<Job, 'outcome' | 'error' | 'resultJson'>) {
  if (!done) return {};
  if (message.outcome === 'resultJson' && message.resultJson) {
    return { result: JSON.parse(message.resultJson) as unknown };
  }
  if (message.outcome === 'error' && message.error) {
    return { error: { code: message.error.code, message: message.error.message } };
  }
  return {};
}

/** The REST representation of a job. */
export function renderJob(job: Job): JobResource {
  const status = statusOf(job.status);
  const done = isTerminal(status);
  const self = jobPath(job.id);
  return {
    id: job.id,
    type: job.type,
    owner: job.owner,
    status,
    done,
    progress: progressOf(job.progress),
    seq: Number(job.seq),
    ...outcomeOf(done, job),
    cancelRequested: job.cancelRequested,
    createdAt: iso(job.createTime),
    updatedAt: iso(job.updateTime),
    expiresAt: iso(job.expireTime),
    traceId: job.traceId,
    links: {
      self,
      events: `${self}/events`,
      ...(done ? {} : { cancel: `${self}:cancel` }),
    },
  };
}

/** One update of a job, as the events history and the SSE stream carry it. */
export function renderUpdate(update: JobUpdate): JobUpdateResource {
  const status = statusOf(update.status);
  const done = isTerminal(status);
  return {
    jobId: update.jobId,
    seq: Number(update.seq),
    status,
    done,
    progress: progressOf(update.progress),
    ...outcomeOf(done, update),
    cancelRequested: update.cancelRequested,
    updatedAt: iso(update.updateTime),
  };
}
