import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryJobStore } from '@jobtrack/job-service';
import { createLogger, createRedis, MemoryBus, metricsRegistry } from '@jobtrack/platform';
import { freePort } from '@jobtrack/platform/testing';
import { createMemoryRateLimiter, createRedisRateLimiter, type RatePolicies } from '../../src/rate-limit.ts';
import { jobList, jobResource } from '../../src/resources.ts';
import { client, expectJson, expectProblem } from '../support/http.ts';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

const order = { type: 'order.place', input: validOrder };

/** Windows long enough that none resets during a test. */
const TIGHT: RatePolicies = {
  writes: { points: 2, durationSeconds: 60, burstPoints: 0, burstSeconds: 60 },
  reads: { points: 3, durationSeconds: 60, burstPoints: 2, burstSeconds: 60 },
};

describe('REST gateway: per-user rate limit', () => {
  let stack: GatewayStack;
  before(async () => {
    stack = await startGatewayStack({
      bus: new MemoryBus(),
      store: new MemoryJobStore(),
      rateLimiter: createMemoryRateLimiter(TIGHT),
    });
  });
  after(() => stack.stop());

  it('spends writes per user and answers 429 with Retry-After and RateLimit headers once spent', async () => {
    const alice = client(stack.baseUrl, await stack.token('alice'));
    const first = await alice.post('/v1/jobs', order);
    await expectJson(first, 202, jobResource);
    assert.equal(first.headers.get('ratelimit-policy'), '"writes";q=2;w=60');
    assert.match(first.headers.get('ratelimit') ?? '', /^"writes";r=1;t=(60|59)$/);
    await expectJson(await alice.post('/v1/jobs', order), 202, jobResource);

    const refused = await alice.post('/v1/jobs', order);
    const problem = await expectProblem(refused, 429);
    assert.match(problem.detail, /writes/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.match(refused.headers.get('ratelimit') ?? '', /^"writes";r=0;t=\d+$/);

    const bob = client(stack.baseUrl, await stack.token('bob'));
    await expectJson(await bob.post('/v1/jobs', order), 202, jobResource);
    await expectJson(await alice.get('/v1/jobs'), 200, jobList);
  });

  it('gives reads their own budget with a burst allowance on top', async () => {
    const carol = client(stack.baseUrl, await stack.token('carol'));
    const statuses = [];
    for (let index = 0; index < 6; index++) statuses.push((await carol.get('/v1/jobs')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const last = await carol.get('/v1/jobs');
    assert.equal(last.headers.get('ratelimit-policy'), '"reads";q=3;w=60, "reads-burst";q=2;w=60');
  });

  it('counts nothing before authentication: a request without a token is 401, not 429', async () => {
    for (let index = 0; index < 5; index++) {
      await expectProblem(await fetch(`${stack.baseUrl}/v1/jobs`), 401);
    }
  });
});

describe('rate limiter over an unreachable Redis', () => {
  it('falls back to this instance’s own counts, still limiting, and counts the store failure', async () => {
    const logger = createLogger({ name: 'rate-limit-test', level: 'silent' });
    const redis = createRedis({
      url: `redis://127.0.0.1:${await freePort()}`,
      keyPrefix: 'test:',
      logger,
      name: 'unreachable',
    });
    const failures = async () =>
      (await metricsRegistry.getSingleMetric('jobtrack_errors_total')?.get())?.values.find(
        (value) => value.labels.kind === 'rate_limit_store',
      )?.value ?? 0;
    try {
      const limiter = createRedisRateLimiter({ redis, policies: TIGHT, timeoutMs: 100, logger });
      const before = await failures();
      const decisions = [];
      for (let index = 0; index < 3; index++)
        decisions.push((await limiter.consume('writes', 'dave')).allowed);
      assert.deepEqual(decisions, [true, true, false]);
      assert.equal(await failures(), before + 3);
    } finally {
      redis.disconnect();
    }
  });
});

describe('REST gateway: CORS, request id, trace context and operations endpoints', () => {
  let stack: GatewayStack;
  let token: string;
  const origin = 'https://app.example.com';
  before(async () => {
    stack = await startGatewayStack({
      bus: new MemoryBus(),
      store: new MemoryJobStore(),
      corsOrigins: [origin],
    });
    token = await stack.token('alice');
  });
  after(() => stack.stop());

  it('answers a preflight from an allowed origin with the headers the API uses', async () => {
    const preflight = await fetch(`${stack.baseUrl}/v1/jobs`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    for (const header of [
      'authorization',
      'content-type',
      'idempotency-key',
      'last-event-id',
      'traceparent',
    ]) {
      assert.ok(allowed.includes(header), header);
    }
  });

  it('lets an allowed origin read the API’s headers, and tells any other origin nothing', async () => {
    const response = await fetch(`${stack.baseUrl}/v1/jobs`, {
      method: 'POST',
      headers: { origin, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    assert.equal(response.status, 202);
    assert.equal(response.headers.get('access-control-allow-origin'), origin);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(',');
    const expected = ['location', 'retry-after', 'x-request-id', 'traceparent', 'idempotent-replayed'];
    for (const header of [...expected, 'ratelimit', 'ratelimit-policy'])
      assert.ok(exposed.includes(header), header);

    const foreign = await fetch(`${stack.baseUrl}/v1/jobs`, {
      headers: { origin: 'https://evil.example.com', authorization: `Bearer ${token}` },
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);

    const closed = await startGatewayStack({ bus: new MemoryBus(), store: new MemoryJobStore() });
    try {
      const response = await fetch(`${closed.baseUrl}/v1/openapi.json`, { headers: { origin } });
      assert.equal(
        response.headers.get('access-control-allow-origin'),
        null,
        'no origins configured: no CORS',
      );
    } finally {
      await closed.stop();
    }
  });

  it('echoes a sane X-Request-Id and replaces anything else with a fresh one', async () => {
    const echoed = await fetch(`${stack.baseUrl}/v1/openapi.json`, {
      headers: { 'x-request-id': 'req-123.a:b' },
    });
    assert.equal(echoed.headers.get('x-request-id'), 'req-123.a:b');
    const replaced = await fetch(`${stack.baseUrl}/v1/openapi.json`, {
      headers: { 'x-request-id': 'has spaces and <html>' },
    });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const problem = await fetch(`${stack.baseUrl}/nowhere`);
    assert.match(problem.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('echoes a valid traceparent when tracing is off, and no invalid one', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const echoed = await fetch(`${stack.baseUrl}/v1/openapi.json`, { headers: { traceparent } });
    assert.equal(echoed.headers.get('traceparent'), traceparent);
    for (const invalid of [
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'garbage',
    ]) {
      const response = await fetch(`${stack.baseUrl}/v1/openapi.json`, { headers: { traceparent: invalid } });
      assert.equal(response.headers.get('traceparent'), null, invalid);
    }
  });

  it('answers headers over the size limit with 431 problem+json, before routing', async () => {
    const response = await fetch(`${stack.baseUrl}/v1/jobs?page_token=${'x'.repeat(20_000)}`);
    assert.equal(response.status, 431);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(((await response.json()) as { status: number }).status, 431);
  });

  it('refuses a query number that is not written in plain digits', async () => {
    const token = await stack.token('alice');
    for (const query of ['page_size=1.0', 'page_size=1e1', 'page_size=-1']) {
      const response = await fetch(`${stack.baseUrl}/v1/jobs?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { errors: Array<{ field: string }> };
      assert.equal(body.errors[0]?.field, 'page_size', query);
    }
  });

  it('serves liveness, readiness and metrics without a token', async () => {
    assert.equal((await fetch(`${stack.baseUrl}/healthz`)).status, 200);
    const ready = (await (await fetch(`${stack.baseUrl}/readyz`)).json()) as { status: string };
    assert.equal(ready.status, 'ready');
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    assert.match(metrics, /jobtrack_http_requests_total\{method="POST",route="\/v1\/jobs",status="202"\}/);
  });
});
