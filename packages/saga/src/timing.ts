import { z } from 'zod';

/**
 * The clock of a saga definition: how long a step attempt may take, how retries back off, how long a semantic
 * lock outlives a silent orchestrator, how often timers are polled. Domains scale their steps from it, so an
 * operator tunes one set of variables and a test can run the same saga on a fast clock.
 */
export interface SagaTiming {
  stepTimeoutMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  lockLeaseMs: number;
  timerPollMs: number;
}

const ms = (min: number, fallback: number) =>
  z.coerce.number().int().min(min).max(86_400_000).default(fallback);

/** Environment variables of every saga orchestrator. */
export const sagaTimingEnv = {
  SAGA_STEP_TIMEOUT_MS: ms(10, 30_000),
  SAGA_RETRY_INITIAL_BACKOFF_MS: ms(1, 200),
  SAGA_RETRY_MAX_BACKOFF_MS: ms(1, 10_000),
  SAGA_LOCK_LEASE_MS: ms(100, 10 * 60_000),
  SAGA_TIMER_POLL_MS: ms(5, 100),
};

export function sagaTimingFrom(config: {
  SAGA_STEP_TIMEOUT_MS: number;
  SAGA_RETRY_INITIAL_BACKOFF_MS: number;
  SAGA_RETRY_MAX_BACKOFF_MS: number;
  SAGA_LOCK_LEASE_MS: number;
  SAGA_TIMER_POLL_MS: number;
}): SagaTiming {
  return {
    stepTimeoutMs: config.SAGA_STEP_TIMEOUT_MS,
    initialBackoffMs: config.SAGA_RETRY_INITIAL_BACKOFF_MS,
    maxBackoffMs: config.SAGA_RETRY_MAX_BACKOFF_MS,
    lockLeaseMs: config.SAGA_LOCK_LEASE_MS,
    timerPollMs: config.SAGA_TIMER_POLL_MS,
  };
}

export const DEFAULT_SAGA_TIMING: SagaTiming = sagaTimingFrom(z.object(sagaTimingEnv).parse({}));
