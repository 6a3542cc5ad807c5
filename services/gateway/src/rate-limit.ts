import { errorsTotal, type Logger } from '@jobtrack/platform';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { principalOf } from './auth.ts';
import { HttpProblem } from './problem.ts';

export type Budget = 'reads' | 'writes';

/** `points` requests per `durationSeconds`, and beyond that up to `burstPoints` more per `burstSeconds`. */
export interface RatePolicy {
  points: number;
  durationSeconds: number;
  burstPoints: number;
  burstSeconds: number;
}
export type RatePolicies = Record<Budget, RatePolicy>;

const BURST_SECONDS = 10;

export function ratePolicies(config: {
  RATE_LIMIT_WRITES_PER_SECOND: number;
  RATE_LIMIT_WRITES_BURST: number;
  RATE_LIMIT_READS_PER_SECOND: number;
  RATE_LIMIT_READS_BURST: number;
}): RatePolicies {
  return {
    writes: {
      points: config.RATE_LIMIT_WRITES_PER_SECOND,
      durationSeconds: 1,
      burstPoints: config.RATE_LIMIT_WRITES_BURST,
      burstSeconds: BURST_SECONDS,
    },
    reads: {
      points: config.RATE_LIMIT_READS_PER_SECOND,
      durationSeconds: 1,
      burstPoints: config.RATE_LIMIT_READS_BURST,
      burstSeconds: BURST_SECONDS,
    },
  };
}

export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current window of the steady rate. */
  remaining: number;
  /** Until the window resets, or until a refused request may be retried. */
  resetMs: number;
}

export interface RateLimiter {
  readonly policies: RatePolicies;
  consume(budget: Budget, user: string): Promise<RateDecision>;
}

interface Consumer {
  consume(key: string): Promise<RateLimiterRes>;
}

type Make = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

function budgetLimiter(budget: Budget, policy: RatePolicy, make: Make): Consumer {
  const steady = make({
    keyPrefix: `ratelimit:${budget}`,
    points: policy.points,
    duration: policy.durationSeconds,
  });
  if (policy.burstPoints === 0) return steady;
  const burst = make({
    keyPrefix: `ratelimit:${budget}:burst`,
    points: policy.burstPoints,
    duration: policy.burstSeconds,
  });
  return new BurstyRateLimiter(steady, burst);
}

async function decide(consumer: Consumer, user: string): Promise<RateDecision> {
  try {
    const result = await consumer.consume(user);
    return { allowed: true, remaining: result.remainingPoints, resetMs: result.msBeforeNext };
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return { allowed: false, remaining: 0, resetMs: refusal.msBeforeNext };
  }
}

function limiters(policies: RatePolicies, make: Make): Record<Budget, Consumer> {
  return {
    reads: budgetLimiter('reads', policies.reads, make),
    writes: budgetLimiter('writes', policies.writes, make),
  };
}

/** Counts in this process only: right for one process (the embedded runner, tests), wrong across replicas. */
export function createMemoryRateLimiter(policies: RatePolicies): RateLimiter {
  const budgets = limiters(policies, (options) => new RateLimiterMemory(options));
  return { policies, consume: (budget, user) => decide(budgets[budget], user) };
}

/**
 * Counts in Redis, so a user's budget holds across gateway replicas. When Redis fails or is slower than
 * `timeoutMs`, this instance decides alone with an in-memory limiter of the same budgets (fail open, bounded):
 * the limit exists to share capacity fairly, not to guard correctness, so a Redis blip should not turn every
 * request into a 503, and the worst case is the limit multiplied by the number of replicas for the outage. It
 * is logged once per outage and counted in jobtrack_errors_total{kind="rate_limit_store"}.
 */
export function createRedisRateLimiter(options: {
  redis: Redis;
  policies: RatePolicies;
  timeoutMs: number;
  logger: Logger;
}): RateLimiter {
  const { policies, timeoutMs, logger } = options;
  const shared = limiters(
    policies,
    // Not ready means reconnecting: answer from memory at once rather than queue behind the reconnect.
    (limiter) =>
      new RateLimiterRedis({ ...limiter, storeClient: options.redis, rejectIfRedisNotReady: true }),
  );
  const local = createMemoryRateLimiter(policies);
  let degraded = false;
  return {
    policies,
    async consume(budget, user) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const decision = await Promise.race([decide(shared[budget], user), timeout]);
        if (degraded) {
          degraded = false;
          logger.info('rate limiting is shared through Redis again');
        }
        return decision;
      } catch (error) {
        errorsTotal.inc({ component: 'gateway', kind: 'rate_limit_store' });
        if (!degraded) {
          degraded = true;
          logger.warn({ err: error }, 'rate limit store unavailable; limiting per instance until it is back');
        }
        return local.consume(budget, user);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** RateLimit-Policy as in draft-ietf-httpapi-ratelimit-headers: the steady quota, then the burst allowance. */
function policyHeader(budget: Budget, policy: RatePolicy): string {
  const steady = `"${budget}";q=${policy.points};w=${policy.durationSeconds}`;
  return policy.burstPoints === 0
    ? steady
    : `${steady}, "${budget}-burst";q=${policy.burstPoints};w=${policy.burstSeconds}`;
}

/**
 * Spends one request of the caller's budget (writes for POST, reads otherwise) and answers 429 with
 * Retry-After once it is spent. Runs after authentication, so the budget is per user, not per address.
 */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  const policies = {
    reads: policyHeader('reads', limiter.policies.reads),
    writes: policyHeader('writes', limiter.policies.writes),
  };
  return async (request, response, next) => {
    const budget: Budget = request.method === 'POST' ? 'writes' : 'reads';
    const decision = await limiter.consume(budget, principalOf(response).subject);
    response.set({
      'ratelimit-policy': policies[budget],
      ratelimit: `"${budget}";r=${decision.remaining};t=${seconds(decision.resetMs)}`,
    });
    if (decision.allowed) return next();
    throw new HttpProblem(429, 'Too Many Requests', `the ${budget} rate limit of this user is spent`, {
      headers: { 'retry-after': String(seconds(decision.resetMs)) },
    });
  };
}
