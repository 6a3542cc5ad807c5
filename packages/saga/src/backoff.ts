import { createHash } from 'node:crypto';

export interface BackoffPolicy {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly multiplier?: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of many sagas
 * spread out but none retries at once. The randomness is derived from the seed (saga, step, attempt) rather
 * than drawn, which keeps the state machine a pure function: recomputing a transition after a crash or a
 * conflict gives the same delay.
 */
export function backoffDelay(policy: BackoffPolicy, failedAttempt: number, seed: string): number {
  const growth = (policy.multiplier ?? 2) ** Math.max(0, failedAttempt - 1);
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * growth);
  const random = createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
  return Math.round(base / 2 + (random * base) / 2);
}
