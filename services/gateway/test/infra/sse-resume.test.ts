import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { RedisJobStore } from '@jobtrack/job-service';
import { createLogger, createRedis, KafkaBus } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import { jobResource, jobUpdateResource } from '../../src/resources.ts';
import { client, expectJson, type SseMessage, SseReader } from '../support/http.ts';
import { type GatewayStack, startGatewayStack, validOrder } from '../support/stack.ts';

const SSE = { accept: 'text/event-stream' };

function seqOf(message: SseMessage | undefined): number {
  assert.equal(message?.event, 'job.update');
  const update = jobUpdateResource.parse(JSON.parse(message?.data ?? 'null'));
  assert.equal(message?.id, String(update.seq));
  return update.seq;
}

describe('Server-Sent Events over Kafka and Redis', () => {
  const logger = createLogger({ name: 'gateway-sse-infra', level: 'silent' });
  const redis = createRedis({
    url: requireEnv('REDIS_URL'),
    keyPrefix: `test:gateway-sse:${randomUUID()}:`,
    logger,
    name: 'gateway-sse-infra',
  });
  let stack: GatewayStack;

  before(async () => {
    stack = await startGatewayStack({
      bus: new KafkaBus({
        brokers: requireEnv('KAFKA_BROKERS').split(','),
        clientId: 'gateway-sse-infra',
        logger,
      }),
      store: new RedisJobStore(redis),
      topicPrefix: `test.${randomUUID()}.`,
    });
  });
  // Stopping the stack closes the job store, which quits its Redis connection, and the bus.
  after(() => stack.stop());

  it('streams a job driven by job events live, and resumes after a disconnect from Last-Event-ID', async () => {
    const alice = client(stack.baseUrl, await stack.token('alice'));
    const job = await expectJson(
      await alice.post('/v1/jobs', { type: 'order.place', input: validOrder }),
      202,
      jobResource,
    );
    const events = `/v1/jobs/${job.id}/events`;

    const first = new SseReader(await alice.get(events, SSE));
    await stack.report(job.id, 1, 'RUNNING');
    assert.equal(seqOf(await first.nextEvent()), 1);
    await stack.report(job.id, 2, 'RUNNING');
    assert.equal(seqOf(await first.nextEvent()), 2);
    await first.cancel();

    // While the client is away the job moves on and ends.
    await stack.report(job.id, 3, 'RUNNING');
    await stack.report(job.id, 4, 'SUCCEEDED', { resultJson: '{"trackingId":"T-9"}' });
    await stack.updated(job.id, 4);

    const resumed = await alice.get(events, { ...SSE, 'last-event-id': '2' });
    assert.equal(resumed.status, 200);
    const reader = new SseReader(resumed);
    assert.equal(seqOf(await reader.nextEvent()), 3);
    const last = await reader.nextEvent();
    assert.equal(seqOf(last), 4);
    assert.deepEqual(jobUpdateResource.parse(JSON.parse(last?.data ?? 'null')).result, { trackingId: 'T-9' });
    assert.equal(await reader.next(), undefined, 'the stream ends after the terminal update');

    const over = await alice.get(events, { ...SSE, 'last-event-id': '4' });
    assert.equal(over.status, 204, 'nothing after the end: the EventSource stops reconnecting');
  });
});
