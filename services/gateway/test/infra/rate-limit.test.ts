import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { RedisJobStore } from '@jobtrack/job-service';
import { createLogger, createRedis, MemoryBus } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import type { Redis } from 'ioredis';
import { createRedisRateLimiter, type RatePolicies } from '../../src/rate-limit.ts';
import { jobResource } from '../../src/resources.ts';
import { client, expectJson, expectProblem } from '../support/http.ts';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

const order = { type: 'order.place', input: validOrder };
/** A window no test outlives, so the count cannot reset between two requests of one test. */
const POLICIES: RatePolicies = {
  writes: { points: 3, durationSeconds: 60, burstPoints: 0, burstSeconds: 60 },
  reads: { points: 1000, durationSeconds: 1, burstPoints: 0, burstSeconds: 10 },
};

describe('rate limit shared by two gateways through Redis', () => {
  const logger = createLogger({ name: 'gateway-rate-limit-infra', level: 'silent' });
  const keyPrefix = `test:gateway-rate-limit:${randomUUID()}:`;
  const limiterClients: Redis[] = [];
  const redis = (name: string) => createRedis({ url: requireEnv('REDIS_URL'), keyPrefix, logger, name });
  let stack: GatewayStack;
  let second: { baseUrl: string };

  before(async () => {
    // Each gateway has its own Redis connection, as two replicas in two processes would.
    for (const name of ['gateway-a', 'gateway-b']) limiterClients.push(redis(name));
    // Until a connection is ready a gateway limits on its own; this test is about the shared count.
    await Promise.all(limiterClients.map((made) => made.status === 'ready' || once(made, 'ready')));
    const [a, b] = limiterClients as [Redis, Redis];
    const limiter = (client: Redis) =>
      createRedisRateLimiter({ redis: client, policies: POLICIES, timeoutMs: 1000, logger });
    stack = await startGatewayStack({
      bus: new MemoryBus(),
      store: new RedisJobStore(redis('job-store')),
      rateLimiter: limiter(a),
    });
    second = await stack.addGateway({ rateLimiter: limiter(b) });
  });
  after(async () => {
    await stack.stop();
    await Promise.all(limiterClients.map((made) => made.quit()));
  });

  it('counts a user’s requests on both replicas against one budget and answers 429 with Retry-After on either', async () => {
    const token = await stack.token('alice');
    const viaA = client(stack.baseUrl, token);
    const viaB = client(second.baseUrl, token);
    await expectJson(await viaA.post('/v1/jobs', order), 202, jobResource);
    const onB = await viaB.post('/v1/jobs', order);
    await expectJson(onB, 202, jobResource);
    assert.match(onB.headers.get('ratelimit') ?? '', /^"writes";r=1;t=\d+$/, 'B saw the request made on A');
    await expectJson(await viaA.post('/v1/jobs', order), 202, jobResource);

    for (const replica of [viaB, viaA]) {
      const refused = await replica.post('/v1/jobs', order);
      await expectProblem(refused, 429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    }

    const bob = client(second.baseUrl, await stack.token('bob'));
    await expectJson(await bob.post('/v1/jobs', order), 202, jobResource);
  });

  it('keeps the counts in Redis under the configured key prefix, expiring with the window', async () => {
    const inspector = limiterClients[0] as Redis;
    // KEYS takes a pattern, which ioredis leaves unprefixed.
    const keys = await inspector.keys(`${keyPrefix}ratelimit:writes:*`);
    assert.deepEqual(keys.toSorted(), [
      `${keyPrefix}ratelimit:writes:alice`,
      `${keyPrefix}ratelimit:writes:bob`,
    ]);
    for (const key of keys) {
      const ttl = await inspector.pttl(key.slice(keyPrefix.length));
      assert.ok(ttl > 0 && ttl <= 60_000, `${key} expires (${ttl} ms)`);
    }
  });
});
