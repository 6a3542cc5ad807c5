import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { createLogger, createRedis } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import { FINISHED_RETENTION_MS, RedisSagaStore } from '../../src/index.ts';
import { sagaStoreContract, sampleInstance } from '../support/saga-store-contract.ts';

const logger = createLogger({ name: 'saga-store-contract', level: 'warn' });
const run = randomUUID();
let stores = 0;

function connect() {
  stores += 1;
  const keyPrefix = `test:${run}:${stores}:`;
  const redis = createRedis({ url: requireEnv('REDIS_URL'), keyPrefix, logger, name: 'saga-store-test' });
  return { redis, keyPrefix };
}

sagaStoreContract('redis', async () => {
  const { redis } = connect();
  return {
    store: new RedisSagaStore(redis, { type: 'order.place' }),
    close: async () => void (await redis.quit()),
  };
});

describe('RedisSagaStore keys', () => {
  const { redis, keyPrefix } = connect();
  after(() => redis.quit());

  it('keeps every key of a saga type under one hash tag, and a finished saga only for its retention', async () => {
    const store = new RedisSagaStore(redis, { type: 'order.place' });
    const instance = sampleInstance({ deadline: Date.now() + 60_000, lockKey: 'order:o-1' });
    assert.equal(
      await store.tryLock('order:o-1', instance.sagaId, { leaseMs: 60_000, queue: false, now: Date.now() }),
      true,
    );
    await store.commit({ instance, expectedVersion: 0, outbox: [], lockLeaseMs: 60_000, now: Date.now() });
    const keys = (await redis.keys(`${keyPrefix}*`)).map((key) => key.slice(keyPrefix.length)).sort();
    assert.deepEqual(keys, [
      '{saga:order.place}:due',
      '{saga:order.place}:in-flight',
      `{saga:order.place}:instance:${instance.sagaId}`,
      '{saga:order.place}:lock:order:o-1',
    ]);
    const instanceKey = `{saga:order.place}:instance:${instance.sagaId}`;
    assert.equal(await redis.pttl(instanceKey), -1, 'a running saga never expires');

    const done = { ...instance, phase: 'SUCCEEDED' as const, current: null, deadline: null };
    assert.equal(
      await store.commit({
        instance: done,
        expectedVersion: 1,
        outbox: [],
        lockLeaseMs: 60_000,
        now: Date.now(),
      }),
      2,
    );
    const ttl = await redis.pttl(instanceKey);
    assert.ok(ttl > FINISHED_RETENTION_MS - 60_000 && ttl <= FINISHED_RETENTION_MS, `retention ${ttl} ms`);
    assert.equal(await redis.exists('{saga:order.place}:lock:order:o-1'), 0, 'the lock is released');
  });
});
