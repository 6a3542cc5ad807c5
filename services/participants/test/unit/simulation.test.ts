import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { TOPICS } from '@jobtrack/contracts';
import { counted, type Harness, MEDIA, ORDER, startHarness } from '../support/harness.ts';

describe('participants misbehave as the job input tells them', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('fails the first failAttempts executions of its step, then succeeds; other steps are unaffected', async () => {
    harness = await startHarness();
    const { command, send } = harness;
    const payload = { ...ORDER, simulate: { authorize_payment: { failAttempts: 2 } } };
    await send(TOPICS.inventoryCommands, command('reserve_stock', { payload }), 'inv-1');
    for (const attempt of [1, 2, 3]) {
      await send(
        TOPICS.paymentCommands,
        command('authorize_payment', { payload, attempt }),
        `pay-${attempt}`,
      );
    }
    const received = await harness.replies.waitFor(4);
    assert.deepEqual(
      received.map(({ reply }) => [reply.commandId, reply.outcome, reply.errorCode, reply.reason]),
      [
        ['inv-1', 'REPLY_OUTCOME_SUCCESS', '', ''],
        ['pay-1', 'REPLY_OUTCOME_FAILURE', 'PAYMENT_DECLINED', 'payment declined'],
        ['pay-2', 'REPLY_OUTCOME_FAILURE', 'PAYMENT_DECLINED', 'payment declined'],
        ['pay-3', 'REPLY_OUTCOME_SUCCESS', '', ''],
      ],
    );
    assert.deepEqual(
      harness.applied.filter((a) => a.participant === 'payment').map((a) => [a.attempt, a.outcome]),
      [
        [1, 'failure'],
        [2, 'failure'],
        [3, 'success'],
      ],
    );
  });

  it('gives no reply to the first hangAttempts executions, nor to their redelivery, then succeeds', async () => {
    harness = await startHarness();
    const { command, send } = harness;
    const hungBefore = await counted('notifier', 'STEP_ACTION_EXECUTE', 'hung');
    const payload = { ...MEDIA, simulate: { notify: { hangAttempts: 2 } } };
    await send(TOPICS.notifierCommands, command('notify', { payload, attempt: 1 }), 'n-1');
    await send(TOPICS.notifierCommands, command('notify', { payload, attempt: 1 }), 'n-1');
    await send(TOPICS.notifierCommands, command('notify', { payload, attempt: 2 }), 'n-2');
    await send(TOPICS.notifierCommands, command('notify', { payload, attempt: 3 }), 'n-3');
    // One job's commands share a partition, so the hung ones were handled before this reply.
    const received = await harness.replies.waitFor(1);
    assert.deepEqual(
      received.map(({ reply }) => [reply.commandId, reply.outcome]),
      [['n-3', 'REPLY_OUTCOME_SUCCESS']],
    );
    assert.deepEqual(
      harness.applied.map((a) => [a.commandId, a.attempt]),
      [['n-3', 3]],
    );
    assert.equal((await counted('notifier', 'STEP_ACTION_EXECUTE', 'hung')) - hungBefore, 2);
  });

  it('sends every reply twice under the same message id when duplicateReplies is set', async () => {
    harness = await startHarness();
    const payload = { ...MEDIA, simulate: { add_to_album: { duplicateReplies: true } } };
    await harness.send(TOPICS.albumCommands, harness.command('add_to_album', { payload }), 'alb-1');
    const [first, second] = await harness.replies.waitFor(2);
    assert.equal(first?.meta.id, 'alb-1:reply');
    assert.equal(second?.meta.id, 'alb-1:reply');
    assert.deepEqual(second?.reply, first?.reply);
    assert.equal(first?.reply.outcome, 'REPLY_OUTCOME_SUCCESS');
    assert.equal(harness.applied.length, 1);
  });

  it('fails the first failCompensationAttempts compensations, and never one by chance, even of a step that never ran', async () => {
    harness = await startHarness({ failureRate: 1 });
    const { command, send } = harness;
    const payload = { ...ORDER, simulate: { reserve_stock: { failCompensationAttempts: 2 } } };
    await send(TOPICS.inventoryCommands, command('reserve_stock', { payload }), 'exec-1');
    for (const attempt of [1, 2, 3]) {
      await send(
        TOPICS.inventoryCommands,
        command('reserve_stock', { payload, attempt, action: 'STEP_ACTION_COMPENSATE' }),
        `comp-${attempt}`,
      );
    }
    const received = await harness.replies.waitFor(4);
    assert.deepEqual(
      received.map(({ reply }) => [
        reply.commandId,
        reply.action,
        reply.outcome,
        reply.errorCode,
        reply.reason,
      ]),
      [
        ['exec-1', 'STEP_ACTION_EXECUTE', 'REPLY_OUTCOME_FAILURE', 'OUT_OF_STOCK', 'out of stock'],
        [
          'comp-1',
          'STEP_ACTION_COMPENSATE',
          'REPLY_OUTCOME_FAILURE',
          'COMPENSATION_FAILED',
          'could not release the reserved stock',
        ],
        [
          'comp-2',
          'STEP_ACTION_COMPENSATE',
          'REPLY_OUTCOME_FAILURE',
          'COMPENSATION_FAILED',
          'could not release the reserved stock',
        ],
        ['comp-3', 'STEP_ACTION_COMPENSATE', 'REPLY_OUTCOME_SUCCESS', '', ''],
      ],
    );
  });

  it('answers no earlier than delayMs after the command', async () => {
    harness = await startHarness();
    const payload = { ...ORDER, simulate: { schedule_shipping: { delayMs: 150 } } };
    const sentAt = performance.now();
    await harness.send(TOPICS.shippingCommands, harness.command('schedule_shipping', { payload }), 'ship-1');
    const [reply] = await harness.replies.waitFor(1);
    // Timers may fire a millisecond early against performance.now(); an undelayed reply takes a few.
    assert.ok(performance.now() - sentAt >= 145, 'the reply came before its delay');
    assert.equal(reply?.reply.outcome, 'REPLY_OUTCOME_SUCCESS');
    assert.equal(harness.applied.length, 1);
  });
});
