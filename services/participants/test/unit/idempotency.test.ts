import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { TOPICS } from '@jobtrack/contracts';
import { counted, type Harness, MEDIA, startHarness } from '../support/harness.ts';

describe('participants apply a command at most once', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('answers a redelivered message id with the same reply instead of applying it again', async () => {
    harness = await startHarness({ failureRate: 0.5 });
    const duplicatesBefore = await counted('payment', 'STEP_ACTION_EXECUTE', 'duplicate');
    const sent = harness.command('authorize_payment');
    for (let i = 0; i < 3; i++) await harness.send(TOPICS.paymentCommands, sent, 'cmd-pay');
    const [first, ...rest] = await harness.replies.waitFor(3);
    for (const again of rest) {
      assert.deepEqual(again.reply, first?.reply);
      assert.equal(again.meta.id, 'cmd-pay:reply');
    }
    assert.equal(harness.applied.length, 1);
    assert.equal((await counted('payment', 'STEP_ACTION_EXECUTE', 'duplicate')) - duplicatesBefore, 2);
  });

  it('replays an earlier success of the same saga, step and action to a new attempt, without applying it', async () => {
    harness = await startHarness();
    const { command, send } = harness;
    const replayedBefore = await counted('storage', 'STEP_ACTION_EXECUTE', 'replayed');
    await send(TOPICS.storageCommands, command('store_upload', { attempt: 1 }), 'st-1');
    await send(TOPICS.storageCommands, command('store_upload', { attempt: 2 }), 'st-2');
    const compensate = { action: 'STEP_ACTION_COMPENSATE' } as const;
    await send(TOPICS.storageCommands, command('store_upload', { ...compensate, attempt: 1 }), 'st-3');
    await send(TOPICS.storageCommands, command('store_upload', { ...compensate, attempt: 2 }), 'st-4');
    const [first, second, third, fourth] = await harness.replies.waitFor(4);
    assert.equal(first?.reply.outcome, 'REPLY_OUTCOME_SUCCESS');
    assert.deepEqual(second?.reply, { ...first?.reply, commandId: 'st-2' });
    assert.equal(second?.meta.id, 'st-2:reply');
    assert.deepEqual(fourth?.reply, { ...third?.reply, commandId: 'st-4' });
    assert.deepEqual(
      harness.applied.map((a) => [a.commandId, a.action, a.outcome]),
      [
        ['st-1', 'STEP_ACTION_EXECUTE', 'success'],
        ['st-3', 'STEP_ACTION_COMPENSATE', 'success'],
      ],
    );
    assert.equal((await counted('storage', 'STEP_ACTION_EXECUTE', 'replayed')) - replayedBefore, 1);
  });

  it('applies the same step afresh for another saga', async () => {
    harness = await startHarness();
    const { command, send } = harness;
    await send(TOPICS.albumCommands, command('add_to_album'), 'alb-1');
    await send(TOPICS.albumCommands, { ...command('add_to_album'), sagaId: 'saga-2' }, 'alb-2');
    await harness.replies.waitFor(2);
    assert.deepEqual(
      harness.applied.map((a) => [a.sagaId, a.commandId]),
      [
        ['saga-1', 'alb-1'],
        ['saga-2', 'alb-2'],
      ],
    );
  });

  it('applies a new attempt after a failure, while a redelivery of the failed one keeps its failure', async () => {
    harness = await startHarness();
    const { command, send } = harness;
    const payload = { ...MEDIA, simulate: { generate_renditions: { failAttempts: 1 } } };
    await send(TOPICS.transcoderCommands, command('generate_renditions', { payload, attempt: 1 }), 'tr-1');
    await send(TOPICS.transcoderCommands, command('generate_renditions', { payload, attempt: 1 }), 'tr-1');
    await send(TOPICS.transcoderCommands, command('generate_renditions', { payload, attempt: 2 }), 'tr-2');
    // Two failures, then one progress report (after the first of two renditions) and the success.
    const received = await harness.replies.waitFor(4);
    assert.deepEqual(
      received.map(({ reply }) => [reply.commandId, reply.outcome, reply.errorCode]),
      [
        ['tr-1', 'REPLY_OUTCOME_FAILURE', 'TRANSCODE_FAILED'],
        ['tr-1', 'REPLY_OUTCOME_FAILURE', 'TRANSCODE_FAILED'],
        ['tr-2', 'REPLY_OUTCOME_PROGRESS', ''],
        ['tr-2', 'REPLY_OUTCOME_SUCCESS', ''],
      ],
    );
    assert.deepEqual(
      harness.applied.map((a) => [a.commandId, a.attempt, a.outcome]),
      [
        ['tr-1', 1, 'failure'],
        ['tr-2', 2, 'success'],
      ],
    );
  });
});
