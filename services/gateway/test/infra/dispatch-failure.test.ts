import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { RedisJobStore } from '@jobtrack/job-service';
import { createLogger, createRedis, KafkaBus, MemoryBus } from '@jobtrack/platform';
import { freePort, requireEnv } from '@jobtrack/platform/testing';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

describe('gateway with Kafka unreachable', () => {
  let stack: GatewayStack;
  before(async () => {
    const logger = createLogger({ name: 'dispatch-failure', level: 'silent' });
    // Nothing listens on this port: the broker is unreachable, as in an outage.
    const unreachable = new KafkaBus({
      brokers: [`127.0.0.1:${await freePort()}`],
      clientId: 'test',
      logger,
      publishTimeoutMs: 2000,
    });
    const redis = createRedis({
      url: requireEnv('REDIS_URL'),
      keyPrefix: `test:${randomUUID()}:`,
      logger,
      name: 'test',
    });
    stack = await startGatewayStack({
      bus: new MemoryBus(),
      gatewayBus: unreachable,
      store: new RedisJobStore(redis),
    });
  });
  after(() => stack.stop());

  it('answers 503 and marks the job FAILED instead of leaving it PENDING; a retry gets a new job', async () => {
    const token = await stack.token('alice');
    const submit = () =>
      fetch(`${stack.baseUrl}/v1/jobs`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': 'retry-after-outage',
        },
        body: JSON.stringify({ type: 'order.place', input: validOrder }),
      });
    const response = await submit();
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /problem\+json/);
    assert.ok(response.headers.get('retry-after'));
    const problem = (await response.json()) as { detail: string; jobId: string };
    assert.match(problem.detail, /marked FAILED/);

    const read = await fetch(`${stack.baseUrl}/v1/jobs/${problem.jobId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const job = (await read.json()) as { status: string; error: { code: string } };
    assert.equal(job.status, 'FAILED');
    assert.equal(job.error.code, 'DISPATCH_FAILED');

    const retry = await submit();
    assert.equal(retry.status, 503, 'Kafka is still down');
    const retried = (await retry.json()) as { jobId: string };
    assert.notEqual(retried.jobId, problem.jobId, 'the undispatched job does not hold the key');
  });
});
