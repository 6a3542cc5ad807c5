export { jobPolicyFromConfig, jobServiceEnv } from './config.ts';
export { type JobRecord, latestUpdate, toJobUpdate, toProtoJob } from './job.ts';
export { type JobServiceDeps, startJobService } from './job-service.ts';
export { type JobPolicy, Jobs } from './jobs.ts';
export { MemoryJobStore } from './store/memory-job-store.ts';
export type { JobStore } from './store/port.ts';
export { RedisJobStore } from './store/redis-job-store.ts';
