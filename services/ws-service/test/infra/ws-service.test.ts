import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { WS_CLOSE_CODES } from '@jobtrack/contracts';
import { createLogger, createRedis, KafkaBus } from '@jobtrack/platform';
import { eventually, requireEnv } from '@jobtrack/platform/testing';
import { MemoryBroker } from '../../src/broker/memory-broker.ts';
import type { ConnectionLimits } from '../../src/connection.ts';
import { wsDisconnects } from '../../src/metrics.ts';
import { RedisSocketRegistry } from '../../src/registry/redis-registry.ts';
import { jobOf, startStack, TestClient } from '../support/harness.ts';

describe('ws-service over Kafka and Redis', () => {
  const logger = createLogger({ name: 'ws-service-infra', level: 'silent' });
  const keyPrefix = `test:ws-service:${randomUUID()}:`;
  const redis = createRedis({ url: requireEnv('REDIS_URL'), keyPrefix, logger, name: 'ws-service-infra' });
  after(() => redis.quit());

  /** A ws-service whose updates come over Kafka and whose socket registry is Redis. */
  const realStack = (limits: Partial<ConnectionLimits> = {}) =>
    startStack({
      bus: new KafkaBus({
        brokers: requireEnv('KAFKA_BROKERS').split(','),
        clientId: 'ws-service-infra',
        logger,
      }),
      topicPrefix: `test.${randomUUID()}.`,
      registry: new RedisSocketRegistry({ redis, ttlMs: 30_000 }),
      broker: new MemoryBroker(),
      limits,
    });

  it('pushes an update published on Kafka to the subscribed owner, and counts the socket in Redis', async () => {
    const stack = await realStack();
    try {
      const client = await TestClient.withToken(stack.url, await stack.token('alice'));
      const job = stack.jobs.put(jobOf('alice'));
      assert.equal((await client.subscribe(job.id)).type, 'subscribed');
      await eventually(
        () => stack.registry.socketsOfUser('alice'),
        (sockets) => sockets.length === 1,
      );

      await stack.publish(job, { seq: 1, percent: 25, step: 'authorize_payment' });
      const event = await client.next();
      assert.equal(event.type, 'event');
      if (event.type !== 'event') return;
      assert.deepEqual(
        [event.jobId, event.seq, event.progress.percent, event.progress.step],
        [job.id, 1, 25, 'authorize_payment'],
      );

      await client.close();
      await eventually(
        () => stack.registry.socketsOfUser('alice'),
        (sockets) => sockets.length === 0,
      );
    } finally {
      await stack.stop();
    }
  });

  it('closes a client that does not keep up with its events as a slow consumer', async () => {
    // The close frame waits behind the unread data, so the socket is given time to read it once it resumes.
    const stack = await realStack({ maxBufferedBytes: 64 * 1024, closeTimeoutMs: 60_000 });
    try {
      const slow = await TestClient.withToken(stack.url, await stack.token('alice'));
      const job = stack.jobs.put(jobOf('alice'));
      await slow.subscribe(job.id, 'detail');
      const before = await slowConsumerDisconnects();
      slow.socket.pause();
      const message = 'x'.repeat(256 * 1024);
      const published = 120;
      for (let seq = 1; seq <= published; seq++) await stack.publish(job, { seq, message });
      await eventually(slowConsumerDisconnects, (count) => count > before, 60_000);
      slow.socket.resume();
      assert.equal((await slow.closed).code, WS_CLOSE_CODES.slowConsumer);
      assert.ok(slow.frames.items.length < published, 'the client was cut off before getting every event');
    } finally {
      await stack.stop();
    }
  });
});

async function slowConsumerDisconnects(): Promise<number> {
  const { values } = await wsDisconnects.get();
  return values.find((value) => value.labels.reason === 'slow_consumer')?.value ?? 0;
}
