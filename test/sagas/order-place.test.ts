import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { OrderPlaceInput } from '@jobtrack/contracts';
import { eventually } from '@jobtrack/platform/testing';
import { RedisSagaStore, sagaInputsIgnored, sagaStepTimeouts } from '@jobtrack/saga';
import { useSagaHarness } from './support/harness.ts';
import type { LoggedEvent } from './support/job-event-log.ts';

const order = (simulate?: OrderPlaceInput['simulate']): OrderPlaceInput => ({
  orderId: `o-${randomUUID()}`,
  items: [{ sku: 'book', quantity: 1 }],
  amountCents: 2599,
  currency: 'EUR',
  ...(simulate ? { simulate } : {}),
});

/**
 * What the saga has committed: its instance and version. The outbox is left out: the spy may see a transition's
 * last event before the orchestrator has marked that outbox published.
 */
async function committed(store: RedisSagaStore, sagaId: string) {
  const stored = await store.load(sagaId);
  return stored && { instance: stored.instance, version: stored.version };
}

/** (status, step, message) per event: what a client watching the job sees. */
const path = (events: readonly LoggedEvent[]) => events.map((e) => [e.status, e.step, e.message]);

async function counted(
  counter: {
    get(): Promise<{ values: Array<{ labels: Record<string, string | number | undefined>; value: number }> }>;
  },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const entry = values.find((v) => Object.entries(labels).every(([name, value]) => v.labels[name] === value));
  return entry?.value ?? 0;
}

describe('order.place over Kafka and Redis', () => {
  const suite = useSagaHarness('order-place-test');
  const { redis } = suite;

  it('runs the happy path: one event per transition, the confirmation as the result', async () => {
    const input = order();
    const jobId = await suite.harness().submit('order.place', input);
    const events = await suite.harness().events.finished(jobId);
    assert.deepEqual(path(events), [
      ['RUNNING', 'reserve_stock', 'started'],
      ['RUNNING', 'reserve_stock', 'done'],
      ['RUNNING', 'authorize_payment', 'started'],
      ['RUNNING', 'authorize_payment', 'done'],
      ['RUNNING', 'schedule_shipping', 'started'],
      ['RUNNING', 'schedule_shipping', 'done'],
      ['RUNNING', 'confirm', 'started'],
      ['RUNNING', 'confirm', 'done'],
      ['SUCCEEDED', 'confirm', 'succeeded'],
    ]);
    assert.deepEqual(
      events.map((e) => e.percent),
      [0, 25, 25, 50, 50, 75, 75, 100, 100],
    );
    const result = JSON.parse(events.at(-1)?.resultJson ?? '{}');
    assert.equal(result.confirm.orderId, input.orderId);
    assert.equal(result.confirm.authorizationId, result.authorize_payment.authorizationId);
  });

  it('undoes the reserved stock when the payment (the pivot) is declined, without retrying a decline', async () => {
    const jobId = await suite
      .harness()
      .submit('order.place', order({ authorize_payment: { failAttempts: 1000 } }));
    const events = await suite.harness().events.finished(jobId);
    assert.deepEqual(path(events).slice(3), [
      ['COMPENSATING', 'reserve_stock', 'undoing'],
      ['COMPENSATED', 'authorize_payment', 'compensated'],
    ]);
    assert.equal(events.at(-1)?.errorCode, 'PAYMENT_DECLINED');
    const payment = suite
      .harness()
      .applied.filter((a) => a.sagaId === jobId && a.step === 'authorize_payment');
    assert.equal(payment.length, 1, 'a declined payment is not retried');
  });

  it('retries shipping, past the pivot, forward to success', async () => {
    const jobId = await suite
      .harness()
      .submit('order.place', order({ schedule_shipping: { failAttempts: 2 } }));
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
    const shipping = events.filter((e) => e.step === 'schedule_shipping').map((e) => e.message);
    assert.match(
      shipping[1] ?? '',
      /^attempt 1 failed \(NO_CARRIER: no carrier available\); retrying in \d+ ms$/,
    );
    assert.equal(shipping[2], 'attempt 2 started');
    assert.match(shipping[3] ?? '', /^attempt 2 failed/);
    assert.deepEqual(shipping.slice(4), ['attempt 3 started', 'done']);
    const attempts = suite
      .harness()
      .applied.filter((a) => a.sagaId === jobId && a.step === 'schedule_shipping')
      .map((a) => [a.attempt, a.outcome]);
    assert.deepEqual(attempts, [
      [1, 'failure'],
      [2, 'failure'],
      [3, 'success'],
    ]);
  });

  it('reports a shipping step out of attempts as FAILED for an operator, and undoes nothing', async () => {
    const jobId = await suite
      .harness()
      .submit('order.place', order({ schedule_shipping: { failAttempts: 1000 } }));
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'FAILED');
    assert.equal(events.at(-1)?.errorCode, 'RETRIES_EXHAUSTED');
    assert.ok(!events.some((e) => e.status === 'COMPENSATING'));
    assert.ok(
      !suite.harness().applied.some((a) => a.sagaId === jobId && a.action === 'STEP_ACTION_COMPENSATE'),
    );
  });

  it('times out a step that gets no reply and retries it; the late reply changes nothing', async () => {
    const timeoutsBefore = await counted(sagaStepTimeouts, { type: 'order.place', step: 'reserve_stock' });
    const jobId = await suite.harness().submit('order.place', order({ reserve_stock: { hangAttempts: 1 } }));
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
    assert.match(
      events[1]?.message ?? '',
      /^attempt 1 failed \(TIMEOUT: no reply within 4000 ms\); retrying in/,
    );
    assert.equal(
      await counted(sagaStepTimeouts, { type: 'order.place', step: 'reserve_stock' }),
      timeoutsBefore + 1,
    );

    const store = new RedisSagaStore(redis, { type: 'order.place' });
    const stored = await committed(store, jobId);
    const late = { input: 'reply', reason: 'late', type: 'order.place' };
    const lateBefore = await counted(sagaInputsIgnored, late);
    await suite.harness().reply(
      'order.place',
      {
        sagaId: jobId,
        jobId,
        step: 'reserve_stock',
        action: 'STEP_ACTION_EXECUTE',
        outcome: 'REPLY_OUTCOME_SUCCESS',
        commandId: `${jobId}:reserve_stock:execute:1`,
        resultJson: '{}',
      },
      `${jobId}:late-reply`,
    );
    await eventually(
      () => counted(sagaInputsIgnored, late),
      (value) => value === lateBefore + 1,
    );
    assert.deepEqual(await committed(store, jobId), stored);
  });

  it('ignores duplicated replies, replies to a finished saga and replies for unknown sagas', async () => {
    const jobId = await suite
      .harness()
      .submit(
        'order.place',
        order({ reserve_stock: { duplicateReplies: true }, authorize_payment: { duplicateReplies: true } }),
      );
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.length, 9, 'the same events as without duplicates');
    const duplicate = { input: 'reply', reason: 'duplicate', type: 'order.place' };
    await eventually(
      () => counted(sagaInputsIgnored, duplicate),
      (value) => value >= 2,
    );
    const store = new RedisSagaStore(redis, { type: 'order.place' });
    const stored = await committed(store, jobId);
    const stray = (sagaId: string, commandId: string) => ({
      sagaId,
      jobId: sagaId,
      step: 'schedule_shipping',
      action: 'STEP_ACTION_EXECUTE' as const,
      outcome: 'REPLY_OUTCOME_SUCCESS' as const,
      commandId,
    });
    const finished = { input: 'reply', reason: 'finished', type: 'order.place' };
    const unknown = { input: 'reply', reason: 'unknown_saga', type: 'order.place' };
    const finishedBefore = await counted(sagaInputsIgnored, finished);
    const unknownBefore = await counted(sagaInputsIgnored, unknown);
    await suite
      .harness()
      .reply('order.place', stray(jobId, `${jobId}:schedule_shipping:execute:7`), `${jobId}:stray`);
    const ghost = `ghost-${randomUUID()}`;
    await suite
      .harness()
      .reply('order.place', stray(ghost, `${ghost}:schedule_shipping:execute:1`), `${ghost}:stray`);
    await eventually(
      async () => [await counted(sagaInputsIgnored, finished), await counted(sagaInputsIgnored, unknown)],
      ([late, lost]) => late === finishedBefore + 1 && lost === unknownBefore + 1,
    );
    assert.deepEqual(await committed(store, jobId), stored);
    assert.equal(await store.load(ghost), undefined);
  });

  it('ignores a reply for a step the running saga is not waiting for', async () => {
    const jobId = await suite
      .harness()
      .submit('order.place', order({ schedule_shipping: { delayMs: 3000 } }));
    await suite
      .harness()
      .events.waitFor(jobId, (events) => events.some((e) => e.step === 'schedule_shipping'));
    const store = new RedisSagaStore(redis, { type: 'order.place' });
    const stored = await committed(store, jobId);
    const wrongStep = { input: 'reply', reason: 'wrong_step', type: 'order.place' };
    const before = await counted(sagaInputsIgnored, wrongStep);
    await suite.harness().reply(
      'order.place',
      {
        sagaId: jobId,
        jobId,
        step: 'confirm',
        action: 'STEP_ACTION_EXECUTE',
        outcome: 'REPLY_OUTCOME_SUCCESS',
        commandId: `${jobId}:confirm:execute:1`,
      },
      `${jobId}:wrong-step`,
    );
    await eventually(
      () => counted(sagaInputsIgnored, wrongStep),
      (value) => value === before + 1,
    );
    assert.deepEqual(await committed(store, jobId), stored);
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
  });

  it('makes a second saga on the same order wait for the first, then run', async () => {
    const first = order({ schedule_shipping: { delayMs: 800 } });
    const firstId = await suite.harness().submit('order.place', first);
    await suite.harness().events.waitFor(firstId, (events) => events.length >= 1);
    const secondId = await suite.harness().submit('order.place', { ...first, simulate: undefined });
    const waiting = await suite.harness().events.waitFor(secondId, (events) => events.length >= 1);
    assert.deepEqual(path(waiting), [
      ['RUNNING', 'reserve_stock', 'waiting for another order.place job on the same record'],
    ]);
    const firstEvents = await suite.harness().events.finished(firstId);
    const secondEvents = await suite.harness().events.finished(secondId);
    assert.equal(firstEvents.at(-1)?.status, 'SUCCEEDED');
    assert.equal(secondEvents.at(-1)?.status, 'SUCCEEDED');
    const firstEnd = firstEvents.at(-1)?.arrival ?? Number.POSITIVE_INFINITY;
    const secondStart = secondEvents.find((e) => e.message === 'started')?.arrival ?? -1;
    assert.ok(secondStart > firstEnd, 'the second saga starts its first step after the first saga ends');
  });

  it('refuses a cancel once the payment is authorized, and finishes the order', async () => {
    const jobId = await suite.harness().submit('order.place', order({ schedule_shipping: { delayMs: 800 } }));
    await suite
      .harness()
      .events.waitFor(jobId, (events) => events.some((e) => e.step === 'schedule_shipping'));
    await suite.harness().cancel('order.place', jobId, 'changed my mind');
    const events = await suite.harness().events.finished(jobId);
    const refusal = events.find((e) => e.cancelRefused);
    assert.deepEqual(refusal && [refusal.status, refusal.message], [
      'RUNNING',
      'cancel refused: authorize_payment is the point of no return and has started',
    ]);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
  });

  it('fails a start command with an invalid input and dead-letters it', async () => {
    const jobId = await suite.harness().submit('order.place', { orderId: 'o-1' });
    const events = await suite.harness().events.finished(jobId);
    assert.deepEqual(
      events.map((e) => [e.status, e.errorCode]),
      [['FAILED', 'INVALID_COMMAND']],
    );
    await eventually(
      () => suite.harness().deadLetters.items.some((m) => m.key === jobId),
      (found) => found,
    );
  });
});
