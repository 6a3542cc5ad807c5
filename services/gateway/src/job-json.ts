import { fromProtoStatus, type Job, millisFromTimestamp } from '@jobtrack/contracts';

const iso = (timestamp: Job['createTime']) => {
  const ms = millisFromTimestamp(timestamp);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

/** The REST representation of a job. */
export function renderJob(job: Job) {
  return {
    id: job.id,
    type: job.type,
    status: fromProtoStatus(job.status),
    progress: job.progress ?? { percent: 0, step: '', message: '' },
    seq: Number(job.seq),
    ...(job.error ? { error: job.error } : {}),
    ...(job.resultJson ? { result: JSON.parse(job.resultJson) as unknown } : {}),
    createdAt: iso(job.createTime),
    updatedAt: iso(job.updateTime),
    expiresAt: iso(job.expireTime),
    traceId: job.traceId,
    links: { self: `/v1/jobs/${encodeURIComponent(job.id)}` },
  };
}
