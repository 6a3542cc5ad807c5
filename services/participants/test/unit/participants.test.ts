import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { HEADERS, TOPICS } from '@jobtrack/contracts';
import { PARTICIPANTS, type ParticipantName } from '../../src/index.ts';
import { type Harness, MEDIA, startHarness } from '../support/harness.ts';

const EXPECTED: Record<ParticipantName, { topic: string; result: unknown }> = {
  inventory: { topic: TOPICS.orderReplies.name, result: { reservationId: 'res-job-1' } },
  payment: { topic: TOPICS.orderReplies.name, result: { authorizationId: 'auth-job-1' } },
  shipping: { topic: TOPICS.orderReplies.name, result: { shipmentId: 'ship-job-1', carrier: 'UPS' } },
  storage: { topic: TOPICS.mediaReplies.name, result: { objectKey: 'uploads/m-1/cat.jpg' } },
  transcoder: {
    topic: TOPICS.mediaReplies.name,
    result: {
      renditions: [
        { name: 'thumbnail', objectKey: 'renditions/m-1/thumbnail' },
        { name: '720p', objectKey: 'renditions/m-1/720p' },
      ],
    },
  },
  album: { topic: TOPICS.mediaReplies.name, result: { albumId: 'a-1', entryId: 'entry-job-1' } },
  notifier: { topic: TOPICS.mediaReplies.name, result: { notificationId: 'notif-job-1' } },
};

describe('simulated participants', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  for (const [name, expected] of Object.entries(EXPECTED) as Array<
    [ParticipantName, typeof EXPECTED.album]
  >) {
    it(`${name} executes its step and replies success with its result on its domain's reply topic`, async () => {
      harness = await startHarness();
      const { step, commandTopic } = PARTICIPANTS[name];
      await harness.send(commandTopic, harness.command(step), 'cmd-1');
      // The transcoder reports progress after its first rendition of two.
      const received = await harness.replies.waitFor(name === 'transcoder' ? 2 : 1);
      const final = received.at(-1);
      assert.deepEqual(final?.reply, {
        sagaId: 'saga-1',
        jobId: 'job-1',
        step,
        action: 'STEP_ACTION_EXECUTE',
        outcome: 'REPLY_OUTCOME_SUCCESS',
        reason: '',
        resultJson: JSON.stringify(expected.result),
        commandId: 'cmd-1',
        errorCode: '',
        percent: 0,
        message: '',
      });
      assert.equal(final?.topic, expected.topic);
      assert.equal(final?.meta.key, 'job-1');
      assert.equal(final?.meta.id, 'cmd-1:reply');
      assert.deepEqual(harness.applied, [
        {
          participant: name,
          sagaId: 'saga-1',
          jobId: 'job-1',
          step,
          action: 'STEP_ACTION_EXECUTE',
          attempt: 1,
          commandId: 'cmd-1',
          outcome: 'success',
        },
      ]);
    });
  }

  it('reports the transcoder’s progress after each rendition but the last, then its success', async () => {
    harness = await startHarness();
    const payload = { ...MEDIA, renditions: ['thumbnail', '480p', '720p', '1080p'] };
    await harness.send(
      TOPICS.transcoderCommands,
      harness.command('generate_renditions', { payload }),
      'cmd-t',
    );
    const received = await harness.replies.waitFor(4);
    assert.deepEqual(
      received.map(({ reply, meta }) => [
        meta.id,
        reply.outcome,
        reply.percent,
        reply.message,
        reply.commandId,
      ]),
      [
        ['cmd-t:progress:25', 'REPLY_OUTCOME_PROGRESS', 25, 'rendition thumbnail done', 'cmd-t'],
        ['cmd-t:progress:50', 'REPLY_OUTCOME_PROGRESS', 50, 'rendition 480p done', 'cmd-t'],
        ['cmd-t:progress:75', 'REPLY_OUTCOME_PROGRESS', 75, 'rendition 720p done', 'cmd-t'],
        ['cmd-t:reply', 'REPLY_OUTCOME_SUCCESS', 0, '', 'cmd-t'],
      ],
    );
    const renditions = JSON.parse(received[3]?.reply.resultJson ?? '{}').renditions;
    assert.deepEqual(
      renditions.map((r: { name: string }) => r.name),
      payload.renditions,
    );
    assert.equal(harness.applied.length, 1);
  });

  it('fails an execution whose payload it cannot read with INVALID_PAYLOAD, yet compensates it', async () => {
    harness = await startHarness();
    await harness.send(
      TOPICS.storageCommands,
      harness.command('store_upload', { payloadJson: 'not json' }),
      'cmd-1',
    );
    await harness.send(
      TOPICS.albumCommands,
      harness.command('add_to_album', { payload: { mediaId: 'm-1' } }),
      'cmd-2',
    );
    await harness.send(
      TOPICS.storageCommands,
      harness.command('store_upload', { action: 'STEP_ACTION_COMPENSATE', payloadJson: 'not json' }),
      'cmd-3',
    );
    const received = await harness.replies.waitFor(3);
    const byCommand = new Map(received.map(({ reply }) => [reply.commandId, reply]));
    assert.equal(byCommand.get('cmd-1')?.outcome, 'REPLY_OUTCOME_FAILURE');
    assert.equal(byCommand.get('cmd-1')?.errorCode, 'INVALID_PAYLOAD');
    assert.equal(byCommand.get('cmd-2')?.errorCode, 'INVALID_PAYLOAD');
    assert.match(byCommand.get('cmd-2')?.reason ?? '', /albumId/);
    assert.equal(byCommand.get('cmd-3')?.outcome, 'REPLY_OUTCOME_SUCCESS');
  });

  it('dead-letters a command with a foreign reply topic, a step it does not run or no action', async () => {
    harness = await startHarness();
    const { messaging, command, send } = harness;
    await send(TOPICS.inventoryCommands, { ...command('reserve_stock'), replyTopic: 'somewhere.else' }, 'c1');
    await send(
      TOPICS.storageCommands,
      { ...command('store_upload'), replyTopic: messaging.topicName(TOPICS.orderReplies) },
      'c2',
    );
    await send(TOPICS.inventoryCommands, command('schedule_shipping'), 'c3');
    await send(TOPICS.notifierCommands, command('notify', { action: 'STEP_ACTION_UNSPECIFIED' }), 'c4');
    const deadLetters = await harness.deadLetters.waitFor(4);
    assert.deepEqual(
      deadLetters.map((message) => message.headers[HEADERS.deadLetterReason]).toSorted(),
      [
        `PoisonMessageError: reply topic "somewhere.else" is not ${messaging.topicName(TOPICS.orderReplies)}`,
        `PoisonMessageError: reply topic "${messaging.topicName(TOPICS.orderReplies)}" is not ${messaging.topicName(TOPICS.mediaReplies)}`,
        'PoisonMessageError: action STEP_ACTION_UNSPECIFIED is not supported',
        'PoisonMessageError: step "schedule_shipping" is not run by inventory',
      ].toSorted(),
    );
    assert.equal(harness.replies.items.length, 0);
    assert.equal(harness.applied.length, 0);
  });
});
