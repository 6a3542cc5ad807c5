/** What the baseline's server and worker read from their environment; the bench sets every value. */
export interface BaselineSettings {
  redisUrl: string;
  /** Prefix of every BullMQ key, so a run leaves nothing behind in a shared Redis. */
  keyPrefix: string;
  port: number;
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Jobs one worker process runs at once. */
  concurrency: number;
}

export const QUEUE_NAME = 'jobs';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

export function settingsFromEnv(): BaselineSettings {
  return {
    redisUrl: required('REDIS_URL'),
    keyPrefix: required('BASELINE_KEY_PREFIX'),
    port: Number(process.env.BASELINE_PORT ?? 0),
    jwksUrl: process.env.AUTH_JWKS_URL ?? '',
    issuer: process.env.AUTH_ISSUER ?? '',
    audience: process.env.AUTH_AUDIENCE ?? '',
    concurrency: Number(process.env.BASELINE_CONCURRENCY ?? 256),
  };
}

/** What the worker reports through `updateProgress` and returns; the server forwards both to the owner's room. */
export interface JobReport {
  owner: string;
  status: 'RUNNING' | 'COMPENSATING' | 'SUCCEEDED' | 'COMPENSATED';
  step?: string;
  percent?: number;
  /** Epoch ms at which a progress report left the worker (the full-path progress scenario). */
  sentAt?: number;
}

/** The frame a client receives on the `job` event. */
export type JobFrame = JobReport & { jobId: string };
