import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HEADERS, TOPICS } from '@jobtrack/contracts';
import { MemoryBus } from '@jobtrack/platform';
import {
  compensations,
  EXPECTED_RESULT,
  HAPPY_PATH,
  ORDER,
  type OrderHarness,
  startOrderHarness,
  summarize,
} from '../support/harness.ts';

describe('order.place saga with the simulated participants', () => {
  const bus = new MemoryBus();
  let harness: OrderHarness;
  before(async () => {
    harness = await startOrderHarness(bus);
  });
  after(async () => {
    await harness.stop();
    await bus.close();
  });

  it('reserves stock, authorizes payment and schedules shipping, then succeeds', async () => {
    await harness.submit('order-ok', ORDER);
    const events = await harness.events.of('order-ok').waitFor(7);
    assert.deepEqual(summarize(events), HAPPY_PATH);
    assert.deepEqual(JSON.parse(events[6]?.resultJson ?? ''), EXPECTED_RESULT('order-ok'));
    assert.deepEqual(compensations(await harness.replies.of('order-ok').waitFor(3)), []);
  });

  const cases = [
    {
      step: 'reserve_stock',
      reason: 'out of stock',
      undone: [],
      events: [
        [1, 'JOB_STATUS_RUNNING', 'reserve_stock', 0],
        [2, 'JOB_STATUS_COMPENSATED', 'reserve_stock', 0],
      ],
    },
    {
      step: 'authorize_payment',
      reason: 'payment declined',
      undone: ['reserve_stock'],
      events: [
        ...HAPPY_PATH.slice(0, 3),
        [4, 'JOB_STATUS_COMPENSATING', 'reserve_stock', 33],
        [5, 'JOB_STATUS_COMPENSATED', 'authorize_payment', 33],
      ],
    },
    {
      step: 'schedule_shipping',
      reason: 'no carrier available',
      undone: ['authorize_payment', 'reserve_stock'],
      events: [
        ...HAPPY_PATH.slice(0, 5),
        [6, 'JOB_STATUS_COMPENSATING', 'authorize_payment', 67],
        [7, 'JOB_STATUS_COMPENSATING', 'reserve_stock', 67],
        [8, 'JOB_STATUS_COMPENSATED', 'schedule_shipping', 67],
      ],
    },
  ] as const;

  for (const failure of cases) {
    it(`undoes the completed steps in reverse order when ${failure.step} fails`, async () => {
      const jobId = `order-fail-${failure.step}`;
      await harness.submit(jobId, { ...ORDER, simulate: { failStep: failure.step } });
      const events = await harness.events.of(jobId).waitFor(failure.events.length);
      assert.deepEqual(summarize(events), failure.events);
      assert.deepEqual(events.at(-1)?.error, {
        code: 'STEP_FAILED',
        message: `${failure.step}: ${failure.reason}`,
      });
      // Each completed step answers its execution and its compensation; the failed one answers once.
      const replies = await harness.replies.of(jobId).waitFor(2 * failure.undone.length + 1);
      assert.deepEqual(compensations(replies), failure.undone);
    });
  }

  it('fails a job whose order input is invalid and dead-letters its command', async () => {
    await harness.submit('order-invalid', { ...ORDER, currency: 'euro' });
    const [event] = await harness.events.of('order-invalid').waitFor(1);
    assert.equal(event?.seq, '1');
    assert.equal(event?.status, 'JOB_STATUS_FAILED');
    assert.deepEqual(event?.error, {
      code: 'INVALID_COMMAND',
      message: 'invalid input: currency: an ISO 4217 code such as EUR',
    });
    const dead = (await harness.deadLetters.waitFor(1)).find((m) => m.key === 'order-invalid');
    assert.equal(dead?.headers[HEADERS.deadLetterTopic], harness.messaging.topicName(TOPICS.orderCommands));
    assert.equal(dead?.headers[HEADERS.deadLetterGroup], 'order-orchestrator');
    assert.equal(harness.replies.of('order-invalid').items.length, 0);
  });
});
