import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger, createRedis, KafkaBus } from '@jobtrack/platform';
import { eventually, requireEnv } from '@jobtrack/platform/testing';
import { RedisBroker } from '../../src/broker/redis-broker.ts';
import { RedisSocketRegistry } from '../../src/redis-socket-registry.ts';
import { jobOf, type Stack, startStack, TestClient } from '../support/harness.ts';

describe('ws-service over Kafka and Redis', () => {
  const logger = createLogger({ name: 'ws-service-infra', level: 'silent' });
  const keyPrefix = `test:ws-service:${randomUUID()}:`;
  const redis = createRedis({ url: requireEnv('REDIS_URL'), keyPrefix, logger, name: 'ws-service-infra' });
  let stack: Stack;

  before(async () => {
    stack = await startStack({
      bus: new KafkaBus({
        brokers: requireEnv('KAFKA_BROKERS').split(','),
        clientId: 'ws-service-infra',
        logger,
      }),
      topicPrefix: `test.${randomUUID()}.`,
      registry: new RedisSocketRegistry({ redis, ttlMs: 30_000 }),
      broker: new RedisBroker({
        publisher: redis,
        subscriber: redis.duplicate(),
        channelPrefix: keyPrefix,
        logger,
      }),
    });
  });
  after(async () => {
    await stack.stop();
    await redis.quit();
  });

  it('pushes an update published on Kafka to the subscribed owner, and tracks the socket in Redis', async () => {
    const client = await TestClient.withToken(stack.url, await stack.token('alice'));
    const job = stack.jobs.put(jobOf('alice'));
    assert.equal((await client.subscribe(job.id)).type, 'subscribed');
    const [socketId] = await eventually(
      () => stack.registry.socketsOfJob(job.id),
      (sockets) => sockets.length === 1,
    );
    assert.equal((await stack.registry.socket(socketId as string))?.user, 'alice');

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
    assert.deepEqual(await stack.registry.socketsOfJob(job.id), []);
  });
});
