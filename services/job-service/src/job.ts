import {
  type JobMessage,
  type JobStatusName,
  type JobUpdateMessage,
  timestampFromMillis,
  toProtoStatus,
} from '@jobtrack/contracts';

export interface JobProgressState {
  percent: number;
  step: string;
  message: string;
  stepsDone: number;
  stepsTotal: number;
}

export interface JobErrorState {
  code: string;
  message: string;
}

/** A job as the job service keeps it. `error` and `resultJson` are set only once the job is terminal. */
export interface JobRecord {
  id: string;
  type: string;
  owner: string;
  status: JobStatusName;
  progress: JobProgressState;
  /** Updates applied so far: the seq of the latest job update, gap-free from 1. */
  seq: number;
  /** The orchestrator's seq of the last event applied; older or repeated events are stale. 0: never heard from. */
  eventSeq: number;
  error?: JobErrorState;
  resultJson?: string;
  cancelRequested: boolean;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  traceId: string;
}

/** One entry of a job's history: its state right after an update. */
export type JobHistoryEntry = Pick<
  JobRecord,
  'seq' | 'status' | 'progress' | 'error' | 'resultJson' | 'cancelRequested' | 'updatedAt'
>;

export const EMPTY_PROGRESS: JobProgressState = {
  percent: 0,
  step: '',
  message: '',
  stepsDone: 0,
  stepsTotal: 0,
};

export function historyEntry(job: JobRecord): JobHistoryEntry {
  const entry: JobHistoryEntry = {
    seq: job.seq,
    status: job.status,
    progress: job.progress,
    cancelRequested: job.cancelRequested,
    updatedAt: job.updatedAt,
  };
  if (job.error) entry.error = job.error;
  if (job.resultJson !== undefined) entry.resultJson = job.resultJson;
  return entry;
}

function outcome(state: Pick<JobRecord, 'error' | 'resultJson'>) {
  if (state.error) return { error: state.error };
  if (state.resultJson !== undefined) return { resultJson: state.resultJson };
  return {};
}

export function toProtoJob(job: JobRecord): JobMessage {
  return {
    id: job.id,
    type: job.type,
    owner: job.owner,
    status: toProtoStatus(job.status),
    progress: job.progress,
    seq: String(job.seq),
    ...outcome(job),
    createTime: timestampFromMillis(job.createdAt),
    updateTime: timestampFromMillis(job.updatedAt),
    expireTime: timestampFromMillis(job.expiresAt),
    traceId: job.traceId,
    cancelRequested: job.cancelRequested,
  };
}

/** The update a history entry (or the job's latest state, itself an entry) stands for. */
export function toJobUpdate(
  job: Pick<JobRecord, 'id' | 'owner' | 'type'>,
  entry: JobHistoryEntry,
): JobUpdateMessage {
  return {
    jobId: job.id,
    owner: job.owner,
    type: job.type,
    seq: String(entry.seq),
    status: toProtoStatus(entry.status),
    progress: entry.progress,
    ...outcome(entry),
    updateTime: timestampFromMillis(entry.updatedAt),
    cancelRequested: entry.cancelRequested,
  };
}

export function latestUpdate(job: JobRecord): JobUpdateMessage {
  return toJobUpdate(job, historyEntry(job));
}
