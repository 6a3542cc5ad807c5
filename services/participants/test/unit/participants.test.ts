import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  ALL_TOPICS,
  DEAD_LETTER_TOPIC,
  HEADERS,
  type MessageInput,
  type ParticipantReply,
  TOPICS,
} from '@jobtrack/contracts';
import {
  createLogger,
  MemoryBus,
  type MessageMeta,
  Messaging,
  type ReceivedMessage,
} from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import { participantCommands, startParticipants } from '../../src/index.ts';

type Command = MessageInput<'jobtrack.events.v1.ParticipantCommand'>;

const logger = createLogger({ name: 'participants-test', level: 'silent' });
const ORDER = { orderId: 'o-1', items: [{ sku: 'sku-1', quantity: 1 }], amountCents: 500, currency: 'EUR' };

async function handled(participant: string, action: string, outcome: string): Promise<number> {
  const { values } = await participantCommands.get();
  const entry = values.find(
    (v) => v.labels.participant === participant && v.labels.action === action && v.labels.outcome === outcome,
  );
  return entry?.value ?? 0;
}

describe('simulated participants', () => {
  let bus: MemoryBus | undefined;
  let stop: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await stop?.();
    await bus?.close();
  });

  async function setUp(options: { failureRate?: number } = {}) {
    bus = new MemoryBus();
    const messaging = new Messaging({ bus, source: 'participants-test', logger });
    await messaging.createTopics(ALL_TOPICS);
    const replies = new Collector<{ reply: ParticipantReply; meta: MessageMeta }>();
    const deadLetters = new Collector<ReceivedMessage>();
    await messaging.consume({
      groupId: 'spy-replies',
      topic: TOPICS.orderReplies,
      handle: async (reply, meta) => replies.push({ reply, meta }),
    });
    await bus.consume({
      groupId: 'spy-dead-letters',
      topics: [messaging.topicName(DEAD_LETTER_TOPIC)],
      fromBeginning: true,
      handle: async (message) => deadLetters.push(message),
    });
    const running = await startParticipants({
      messaging,
      logger,
      participants: ['inventory', 'payment', 'shipping'],
      latencyMs: 0,
      failureRate: options.failureRate ?? 0,
    });
    stop = () => running.stop();
    const command = (step: string, action: Command['action'], payload: unknown = ORDER): Command => ({
      sagaId: 'job-1',
      jobId: 'job-1',
      step,
      action,
      payloadJson: JSON.stringify(payload),
      replyTopic: messaging.topicName(TOPICS.orderReplies),
    });
    return { messaging, replies, deadLetters, command };
  }

  it('executes a step and replies success with a result, naming the command it answers', async () => {
    const { messaging, replies, command } = await setUp();
    await messaging.publish(
      TOPICS.inventoryCommands,
      'job-1',
      command('reserve_stock', 'STEP_ACTION_EXECUTE'),
      {
        id: 'cmd-1',
      },
    );
    const [first] = await replies.waitFor(1);
    assert.deepEqual(first?.reply, {
      sagaId: 'job-1',
      jobId: 'job-1',
      step: 'reserve_stock',
      action: 'STEP_ACTION_EXECUTE',
      outcome: 'REPLY_OUTCOME_SUCCESS',
      reason: '',
      resultJson: JSON.stringify({ reservationId: 'res-job-1' }),
      commandId: 'cmd-1',
    });
    assert.equal(first?.meta.key, 'job-1');
    assert.equal(first?.meta.id, 'cmd-1:reply');
  });

  it('fails the step the order input names in simulate.failStep, and only that one', async () => {
    const { messaging, replies, command } = await setUp();
    const failing = { ...ORDER, simulate: { failStep: 'authorize_payment' } };
    await messaging.publish(
      TOPICS.inventoryCommands,
      'job-1',
      command('reserve_stock', 'STEP_ACTION_EXECUTE', failing),
    );
    await replies.waitFor(1);
    await messaging.publish(
      TOPICS.paymentCommands,
      'job-1',
      command('authorize_payment', 'STEP_ACTION_EXECUTE', failing),
    );
    await replies.waitFor(2);
    assert.deepEqual(
      replies.items.map(({ reply }) => [reply.step, reply.outcome, reply.reason]),
      [
        ['reserve_stock', 'REPLY_OUTCOME_SUCCESS', ''],
        ['authorize_payment', 'REPLY_OUTCOME_FAILURE', 'payment declined'],
      ],
    );
  });

  it('fails executions at the configured failure rate, but never a compensation', async () => {
    const { messaging, replies, command } = await setUp({ failureRate: 1 });
    await messaging.publish(
      TOPICS.shippingCommands,
      'job-1',
      command('schedule_shipping', 'STEP_ACTION_EXECUTE'),
    );
    await replies.waitFor(1);
    await messaging.publish(
      TOPICS.shippingCommands,
      'job-1',
      command('schedule_shipping', 'STEP_ACTION_COMPENSATE'),
    );
    await replies.waitFor(2);
    assert.deepEqual(
      replies.items.map(({ reply }) => [reply.action, reply.outcome, reply.reason]),
      [
        ['STEP_ACTION_EXECUTE', 'REPLY_OUTCOME_FAILURE', 'no carrier available'],
        ['STEP_ACTION_COMPENSATE', 'REPLY_OUTCOME_SUCCESS', ''],
      ],
    );
  });

  it('answers a redelivered command with the same reply instead of applying it again', async () => {
    const { messaging, replies, command } = await setUp({ failureRate: 0.5 });
    const successBefore = await handled('payment', 'STEP_ACTION_EXECUTE', 'success');
    const failureBefore = await handled('payment', 'STEP_ACTION_EXECUTE', 'failure');
    const duplicateBefore = await handled('payment', 'STEP_ACTION_EXECUTE', 'duplicate');
    const sent = command('authorize_payment', 'STEP_ACTION_EXECUTE');
    for (let i = 0; i < 3; i++) {
      await messaging.publish(TOPICS.paymentCommands, 'job-1', sent, { id: 'cmd-pay' });
    }
    await replies.waitFor(3);
    const [first, ...rest] = replies.items;
    for (const again of rest) {
      assert.deepEqual(again.reply, first?.reply);
      assert.equal(again.meta.id, 'cmd-pay:reply');
    }
    const applied =
      (await handled('payment', 'STEP_ACTION_EXECUTE', 'success')) -
      successBefore +
      (await handled('payment', 'STEP_ACTION_EXECUTE', 'failure')) -
      failureBefore;
    assert.equal(applied, 1);
    assert.equal((await handled('payment', 'STEP_ACTION_EXECUTE', 'duplicate')) - duplicateBefore, 2);
  });

  it('dead-letters a command with a foreign reply topic or a step it does not run', async () => {
    const { messaging, replies, deadLetters, command } = await setUp();
    await messaging.publish(TOPICS.inventoryCommands, 'job-1', {
      ...command('reserve_stock', 'STEP_ACTION_EXECUTE'),
      replyTopic: 'somewhere.else',
    });
    await messaging.publish(
      TOPICS.inventoryCommands,
      'job-1',
      command('schedule_shipping', 'STEP_ACTION_EXECUTE'),
    );
    await deadLetters.waitFor(2);
    assert.deepEqual(
      deadLetters.items.map((message) => message.headers[HEADERS.deadLetterReason]),
      [
        `PoisonMessageError: reply topic "somewhere.else" is not ${messaging.topicName(TOPICS.orderReplies)}`,
        'PoisonMessageError: step "schedule_shipping" is not run by inventory',
      ],
    );
    assert.equal(replies.items.length, 0);
  });
});
