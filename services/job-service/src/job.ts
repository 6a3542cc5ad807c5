import {
  type JobMessage,
  type JobStatusName,
  type MessageInput,
  timestampFromMillis,
  toProtoStatus,
} from '@jobtrack/contracts';

export interface JobProgressState {
  percent: number;
  step: string;
  message: string;
}

export interface JobErrorState {
  code: string;
  message: string;
}

/** A job as the job service keeps it. */
export interface JobRecord {
  id: string;
  type: string;
  owner: string;
  status: JobStatusName;
  progress: JobProgressState;
  /** Updates applied so far: the seq of the latest job update, gap-free from 1. */
  seq: number;
  /** The orchestrator's seq of the last event applied; older or repeated events are stale. */
  eventSeq: number;
  error?: JobErrorState;
  resultJson?: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  traceId: string;
}

export function toProtoJob(job: JobRecord): JobMessage {
  return {
    id: job.id,
    type: job.type,
    owner: job.owner,
    status: toProtoStatus(job.status),
    progress: job.progress,
    seq: String(job.seq),
    error: job.error ?? null,
    resultJson: job.resultJson ?? '',
    createTime: timestampFromMillis(job.createdAt),
    updateTime: timestampFromMillis(job.updatedAt),
    expireTime: timestampFromMillis(job.expiresAt),
    traceId: job.traceId,
  };
}

export function toJobUpdate(job: JobRecord): MessageInput<'jobtrack.events.v1.JobUpdate'> {
  return {
    jobId: job.id,
    owner: job.owner,
    type: job.type,
    seq: job.seq,
    status: toProtoStatus(job.status),
    progress: job.progress,
    error: job.error ?? null,
    resultJson: job.resultJson ?? '',
    updateTime: timestampFromMillis(job.updatedAt),
  };
}
