import {
  isoTime,
  isTerminal,
  type Job,
  jobUpdateView,
  outcomeView,
  progressView,
  viewStatus,
} from '@jobtrack/contracts';
import type { JobResource } from './resources.ts';

export const jobPath = (id: string) => `/v1/jobs/${encodeURIComponent(id)}`;

/** The REST representation of a job. */
export function renderJob(job: Job): JobResource {
  const status = viewStatus(job.status);
  const done = isTerminal(status);
  const self = jobPath(job.id);
  return {
    id: job.id,
    type: job.type,
    owner: job.owner,
    status,
    done,
    progress: progressView(job.progress),
    seq: Number(job.seq),
    ...outcomeView(done, job),
    cancelRequested: job.cancelRequested,
    createdAt: isoTime(job.createTime),
    updatedAt: isoTime(job.updateTime),
    expiresAt: isoTime(job.expireTime),
    traceId: job.traceId,
    links: {
      self,
      events: `${self}/events`,
      ...(done ? {} : { cancel: `${self}:cancel` }),
    },
  };
}

/** One update of a job, as the events history and the SSE stream carry it. */
export const renderUpdate = jobUpdateView;
