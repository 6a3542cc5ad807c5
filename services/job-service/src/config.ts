import { env } from '@jobtrack/platform';
import { z } from 'zod';
import type { JobPolicy } from './jobs.ts';

const seconds = z.coerce.number().int().min(1);

/** Environment variables of the job service, on top of commonEnv. */
export const jobServiceEnv = {
  GRPC_PORT: env.port.default(50051),
  /** Lifetime of an unfinished job, renewed by each update. */
  JOB_ACTIVE_TTL_SECONDS: seconds.default(86_400),
  /** How long a finished job stays readable. */
  JOB_RETENTION_SECONDS: seconds.default(86_400),
  JOB_HISTORY_LIMIT: z.coerce.number().int().min(1).max(10_000).default(200),
  JOB_IDEMPOTENCY_TTL_SECONDS: seconds.default(86_400),
  /** A job whose orchestrator sent nothing within this time is ended by the sweeper. */
  JOB_ACK_TIMEOUT_SECONDS: seconds.default(60),
  JOB_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** Open WatchJob streams per process; more are refused with RESOURCE_EXHAUSTED. */
  WATCH_LIMIT: z.coerce.number().int().min(1).default(10_000),
  WATCH_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
};

type JobServiceConfig = z.infer<z.ZodObject<typeof jobServiceEnv>>;

/** How WatchJob streams are bounded and how often each re-reads its job. */
export function watchSettingsFromConfig(config: JobServiceConfig): { limit: number; pollIntervalMs: number } {
  return { limit: config.WATCH_LIMIT, pollIntervalMs: config.WATCH_POLL_INTERVAL_MS };
}

export function jobPolicyFromConfig(config: JobServiceConfig): JobPolicy {
  return {
    activeTtlMs: config.JOB_ACTIVE_TTL_SECONDS * 1000,
    retentionMs: config.JOB_RETENTION_SECONDS * 1000,
    historyLimit: config.JOB_HISTORY_LIMIT,
    idempotencyTtlMs: config.JOB_IDEMPOTENCY_TTL_SECONDS * 1000,
    ackTimeoutMs: config.JOB_ACK_TIMEOUT_SECONDS * 1000,
  };
}
