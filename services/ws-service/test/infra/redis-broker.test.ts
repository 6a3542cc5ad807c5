import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { createLogger, createRedis } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import type { Redis } from 'ioredis';
import { RedisBroker } from '../../src/broker/redis-broker.ts';
import { brokerContract } from '../support/broker-contract.ts';

const logger = createLogger({ name: 'redis-broker-test', level: 'silent' });

function redisBroker(channelPrefix: string): { broker: RedisBroker; publisher: Redis; subscriber: Redis } {
  const publisher = createRedis({ url: requireEnv('REDIS_URL'), keyPrefix: '', logger, name: 'broker-test' });
  const subscriber = publisher.duplicate({ connectionName: `broker-test-sub-${randomUUID()}` });
  return { broker: new RedisBroker({ publisher, subscriber, channelPrefix, logger }), publisher, subscriber };
}

brokerContract('Redis pub/sub', async () => {
  const prefix = `test:${randomUUID()}:`;
  const a = redisBroker(prefix);
  const b = redisBroker(prefix);
  return {
    a: a.broker,
    b: b.broker,
    async close() {
      await Promise.all([a.broker.close(), b.broker.close()]);
      await Promise.all([a.publisher.quit(), b.publisher.quit()]);
    },
  };
});

describe('RedisBroker', () => {
  const { broker, publisher, subscriber } = redisBroker(`test:${randomUUID()}:`);
  after(async () => {
    await broker.close();
    await publisher.quit();
  });

  it('asks for a resync when its connection comes back, and receives again without a new join', async () => {
    const received: string[] = [];
    let resynced!: () => void;
    const resync = new Promise<void>((resolve) => {
      resynced = resolve;
    });
    let nextMessage!: (payload: string) => void;
    broker.listen({
      message: (_user, payload) => {
        received.push(payload);
        nextMessage?.(payload);
      },
      resync: () => resynced(),
    });
    await broker.join('erin');
    const connectionName = subscriber.options.connectionName as string;
    await publisher.call('CLIENT', 'KILL', 'ID', String(await clientIdOf(publisher, connectionName)));
    await resync;
    const arrived = new Promise<string>((resolve) => {
      nextMessage = resolve;
    });
    await broker.publish('erin', 'after-reconnect');
    assert.equal(await arrived, 'after-reconnect');
    assert.deepEqual(received, ['after-reconnect']);
  });
});

async function clientIdOf(redis: Redis, name: string): Promise<number> {
  const list = (await redis.call('CLIENT', 'LIST')) as string;
  const line = list.split('\n').find((entry) => entry.includes(` name=${name} `));
  const id = line?.match(/^id=(\d+)/)?.[1];
  if (!id) throw new Error(`no client named ${name}`);
  return Number(id);
}
