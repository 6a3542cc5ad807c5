import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger, KafkaBus } from '@jobtrack/platform';
import { requireEnv } from '@jobtrack/platform/testing';
import {
  compensations,
  EXPECTED_RESULT,
  HAPPY_PATH,
  ORDER,
  type OrderHarness,
  startOrderHarness,
  summarize,
} from '../support/harness.ts';

const brokers = requireEnv('KAFKA_BROKERS').split(',');

describe('order.place saga over Kafka', () => {
  const bus = new KafkaBus({
    brokers,
    clientId: 'order-saga-test',
    logger: createLogger({ name: 'order-saga-test', level: 'warn' }),
  });
  let harness: OrderHarness;
  before(async () => {
    harness = await startOrderHarness(bus, `test.${randomUUID()}.`);
  });
  after(async () => {
    await harness?.stop();
    await bus.close();
  });

  it('runs the happy path with one event per transition', async () => {
    const jobId = `order-${randomUUID()}`;
    await harness.submit(jobId, ORDER);
    const events = await harness.events.of(jobId).waitFor(7, 30_000);
    assert.deepEqual(summarize(events), HAPPY_PATH);
    assert.deepEqual(JSON.parse(events[6]?.resultJson ?? ''), EXPECTED_RESULT(jobId));
  });

  it('compensates in reverse order when shipping fails', async () => {
    const jobId = `order-${randomUUID()}`;
    await harness.submit(jobId, { ...ORDER, simulate: { failStep: 'schedule_shipping' } });
    const events = await harness.events.of(jobId).waitFor(8, 30_000);
    assert.deepEqual(summarize(events), [
      ...HAPPY_PATH.slice(0, 5),
      [6, 'JOB_STATUS_COMPENSATING', 'authorize_payment', 67],
      [7, 'JOB_STATUS_COMPENSATING', 'reserve_stock', 67],
      [8, 'JOB_STATUS_COMPENSATED', 'schedule_shipping', 67],
    ]);
    assert.deepEqual(events[7]?.error, {
      code: 'STEP_FAILED',
      message: 'schedule_shipping: no carrier available',
    });
    const replies = await harness.replies.of(jobId).waitFor(5, 30_000);
    assert.deepEqual(compensations(replies), ['authorize_payment', 'reserve_stock']);
  });
});
