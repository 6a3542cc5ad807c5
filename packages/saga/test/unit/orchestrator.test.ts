import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  ALL_TOPICS,
  DEAD_LETTER_TOPIC,
  HEADERS,
  type JobEvent,
  type MessageInput,
  type ParticipantCommand,
  TOPICS,
} from '@jobtrack/contracts';
import {
  createLogger,
  MemoryBus,
  type MessageMeta,
  Messaging,
  messagesConsumed,
  messagesProduced,
  type ReceivedMessage,
} from '@jobtrack/platform';
import { startTelemetry } from '@jobtrack/platform/telemetry';
import { Collector, eventually } from '@jobtrack/platform/testing';
import { defineSaga, sagaRepliesIgnored, startSagaOrchestrator } from '../../src/index.ts';

// Real span ids, so the test can check that one trace runs from the start command through every hop.
startTelemetry('saga-test');

const saga = defineSaga({
  type: 'order.place',
  steps: [
    { name: 'reserve_stock', participant: TOPICS.inventoryCommands, compensate: true },
    { name: 'authorize_payment', participant: TOPICS.paymentCommands, compensate: true },
    { name: 'schedule_shipping', participant: TOPICS.shippingCommands, compensate: true },
  ],
});
const PARTICIPANT_TOPICS = [TOPICS.inventoryCommands, TOPICS.paymentCommands, TOPICS.shippingCommands];
const VALID_INPUT = {
  orderId: 'o-1',
  items: [{ sku: 'sku-1', quantity: 2 }],
  amountCents: 1999,
  currency: 'EUR',
};

type Reply = MessageInput<'jobtrack.events.v1.ParticipantReply'>;
type Answer = (command: ParticipantCommand) => Reply[];

const logger = createLogger({ name: 'saga-test', level: 'silent' });

/** A counter's current value for exactly these labels. */
async function metricValue(
  counter: { get(): Promise<{ values: Array<{ labels: Record<string, string | number>; value: number }> }> },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const entry = values.find((v) => Object.entries(labels).every(([name, value]) => v.labels[name] === value));
  return entry?.value ?? 0;
}

const repliesIgnored = (reason: string) => metricValue(sagaRepliesIgnored, { type: saga.type, reason });

function success(command: ParticipantCommand): Reply {
  return {
    sagaId: command.sagaId,
    jobId: command.jobId,
    step: command.step,
    action: command.action,
    outcome: 'REPLY_OUTCOME_SUCCESS',
    resultJson: command.action === 'STEP_ACTION_EXECUTE' ? JSON.stringify({ done: command.step }) : '',
  };
}

function failure(command: ParticipantCommand, reason: string): Reply {
  return { ...success(command), outcome: 'REPLY_OUTCOME_FAILURE', reason, resultJson: '' };
}

describe('saga orchestrator over the in-memory bus', () => {
  let bus: MemoryBus;
  let messaging: Messaging;
  let stopOrchestrator: () => Promise<void>;
  /** Every command the fake participants received, across all three, in the order they handled them. */
  let commands: Collector<{ command: ParticipantCommand; meta: MessageMeta }>;
  let events: Collector<{ event: JobEvent; meta: MessageMeta }>;
  let deadLetters: Collector<ReceivedMessage>;
  /** What the fake participants answer; a test replaces it to make a step fail or misbehave. */
  let answer: Answer;

  beforeEach(async () => {
    bus = new MemoryBus();
    messaging = new Messaging({ bus, source: 'saga-test', logger });
    await messaging.createTopics(ALL_TOPICS);
    commands = new Collector();
    events = new Collector();
    deadLetters = new Collector();
    answer = (command) => [success(command)];
    for (const topic of PARTICIPANT_TOPICS) {
      await messaging.consume({
        groupId: `fake-${topic.name}`,
        topic,
        handle: async (command, meta) => {
          commands.push({ command, meta });
          for (const reply of answer(command)) {
            await messaging.publish(TOPICS.orderReplies, command.jobId, { ...reply, commandId: meta.id });
          }
        },
      });
    }
    await messaging.consume({
      groupId: 'spy-events',
      topic: TOPICS.jobEvents,
      handle: async (event, meta) => events.push({ event, meta }),
    });
    await bus.consume({
      groupId: 'spy-dead-letters',
      topics: [messaging.topicName(DEAD_LETTER_TOPIC)],
      fromBeginning: true,
      handle: async (message) => deadLetters.push(message),
    });
    const running = await startSagaOrchestrator({
      definition: saga,
      messaging,
      logger,
      commandTopic: TOPICS.orderCommands,
      replyTopic: TOPICS.orderReplies,
      groupId: 'orchestrator',
      replyGroupId: 'orchestrator-replies',
    });
    stopOrchestrator = () => running.stop();
  });

  afterEach(async () => {
    await stopOrchestrator();
    await bus.close();
  });

  async function submit(jobId: string, input: unknown = VALID_INPUT, type = 'order.place'): Promise<void> {
    await messaging.publish(TOPICS.orderCommands, jobId, {
      jobId,
      type,
      owner: 'alice',
      start: { inputJson: JSON.stringify(input) },
    });
  }

  const summary = (items: ReadonlyArray<{ event: JobEvent }>) =>
    items.map(({ event }) => [
      Number(event.seq),
      event.status,
      event.progress?.step,
      event.progress?.percent,
    ]);
  const seen = (items: ReadonlyArray<{ command: ParticipantCommand }>) =>
    items.map(({ command }) => `${command.action} ${command.step}`);

  it('runs the steps in order and publishes one event per transition, seq from 1 without gaps', async () => {
    await submit('job-ok');
    await events.waitFor(7);
    assert.deepEqual(summary(events.items), [
      [1, 'JOB_STATUS_RUNNING', 'reserve_stock', 0],
      [2, 'JOB_STATUS_RUNNING', 'reserve_stock', 33],
      [3, 'JOB_STATUS_RUNNING', 'authorize_payment', 33],
      [4, 'JOB_STATUS_RUNNING', 'authorize_payment', 67],
      [5, 'JOB_STATUS_RUNNING', 'schedule_shipping', 67],
      [6, 'JOB_STATUS_RUNNING', 'schedule_shipping', 100],
      [7, 'JOB_STATUS_SUCCEEDED', 'schedule_shipping', 100],
    ]);
    const last = events.items[6]?.event;
    assert.deepEqual(JSON.parse(last?.resultJson ?? ''), {
      reserve_stock: { done: 'reserve_stock' },
      authorize_payment: { done: 'authorize_payment' },
      schedule_shipping: { done: 'schedule_shipping' },
    });
    assert.equal(last?.error, null);
    assert.ok(events.items.every(({ event, meta }) => event.jobId === 'job-ok' && meta.key === 'job-ok'));
    assert.ok(events.items.every(({ event }) => event.occurTime !== null));

    assert.deepEqual(seen(commands.items), [
      'STEP_ACTION_EXECUTE reserve_stock',
      'STEP_ACTION_EXECUTE authorize_payment',
      'STEP_ACTION_EXECUTE schedule_shipping',
    ]);
    const first = commands.items[0];
    assert.equal(first?.meta.id, 'job-ok:reserve_stock:execute');
    assert.equal(first?.meta.key, 'job-ok');
    assert.equal(first?.command.sagaId, 'job-ok');
    assert.equal(first?.command.replyTopic, messaging.topicName(TOPICS.orderReplies));
    assert.deepEqual(JSON.parse(first?.command.payloadJson ?? ''), VALID_INPUT);
  });

  it('carries one trace from the start command through every command and event', async () => {
    await submit('job-traced');
    await events.waitFor(7);
    const traceIds = new Set([...commands.items, ...events.items].map(({ meta }) => meta.traceId));
    assert.equal(traceIds.size, 1, `one trace, got ${[...traceIds].join(', ')}`);
    assert.notEqual([...traceIds][0], '00000000000000000000000000000000');
  });

  for (const [index, failing] of saga.steps.map((step, i) => [i, step.name] as const)) {
    it(`compensates the completed steps in reverse order when ${failing} fails`, async () => {
      answer = (command) =>
        command.step === failing && command.action === 'STEP_ACTION_EXECUTE'
          ? [failure(command, 'simulated')]
          : [success(command)];
      await submit(`job-fail-${failing}`);
      const completed = saga.steps.slice(0, index).map((s) => s.name);
      const expectedEvents = 2 * index + 1 + completed.length + 1;
      await events.waitFor(expectedEvents);

      assert.deepEqual(seen(commands.items), [
        ...completed.map((name) => `STEP_ACTION_EXECUTE ${name}`),
        `STEP_ACTION_EXECUTE ${failing}`,
        ...completed.toReversed().map((name) => `STEP_ACTION_COMPENSATE ${name}`),
      ]);
      const statuses = summary(events.items).slice(2 * index + 1);
      const percent = Math.round((100 * index) / saga.steps.length);
      assert.deepEqual(statuses, [
        ...completed
          .toReversed()
          .map((name, i) => [2 * index + 2 + i, 'JOB_STATUS_COMPENSATING', name, percent]),
        [expectedEvents, 'JOB_STATUS_COMPENSATED', failing, percent],
      ]);
      assert.deepEqual(events.items.at(-1)?.event.error, {
        code: 'STEP_FAILED',
        message: `${failing}: simulated`,
      });
    });
  }

  it('fails the job and dead-letters a command whose input breaks the job type schema', async () => {
    await submit('job-bad-input', { ...VALID_INPUT, amountCents: -5 });
    const [event] = await events.waitFor(1);
    assert.equal(event?.event.seq, '1');
    assert.equal(event?.event.status, 'JOB_STATUS_FAILED');
    assert.equal(event?.event.error?.code, 'INVALID_COMMAND');
    assert.match(event?.event.error?.message ?? '', /^invalid input: amountCents: /);
    const [dead] = await deadLetters.waitFor(1);
    assert.equal(dead?.key, 'job-bad-input');
    assert.equal(dead?.headers[HEADERS.deadLetterTopic], messaging.topicName(TOPICS.orderCommands));
    assert.match(dead?.headers[HEADERS.deadLetterReason] ?? '', /^PoisonMessageError: invalid input/);
    assert.equal(commands.items.length, 0, 'no participant was asked to do anything');
  });

  it('fails the job and dead-letters a command of an unknown type or with unparsable input', async () => {
    await submit('job-unknown-type', VALID_INPUT, 'media.transcode');
    await messaging.publish(TOPICS.orderCommands, 'job-not-json', {
      jobId: 'job-not-json',
      type: 'order.place',
      owner: 'alice',
      start: { inputJson: '{oops' },
    });
    await deadLetters.waitFor(2);
    const failures = (await events.waitFor(2)).map(({ event }) => [
      event.jobId,
      event.status,
      event.error?.message,
    ]);
    assert.deepEqual(failures.toSorted(), [
      ['job-not-json', 'JOB_STATUS_FAILED', 'input_json is not valid JSON'],
      ['job-unknown-type', 'JOB_STATUS_FAILED', 'unknown job type "media.transcode"'],
    ]);
    assert.equal(commands.items.length, 0);
  });

  it('ignores a duplicated reply and a reply for another step, and finishes normally', async () => {
    const duplicatesBefore = await repliesIgnored('duplicate');
    const wrongStepBefore = await repliesIgnored('wrong_step');
    answer = (command) => {
      if (command.step !== 'reserve_stock') return [success(command)];
      // Same partition as the real reply, so both are handled before the next step can be answered.
      const stray = { ...success(command), step: 'schedule_shipping' };
      return [stray, success(command), success(command)];
    };
    await submit('job-dup');
    await events.waitFor(7);
    assert.equal(events.items.at(-1)?.event.status, 'JOB_STATUS_SUCCEEDED');
    assert.deepEqual(
      summary(events.items).map(([seq]) => seq),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(commands.items.length, 3, 'each step executed once');
    assert.equal((await repliesIgnored('duplicate')) - duplicatesBefore, 1);
    assert.equal((await repliesIgnored('wrong_step')) - wrongStepBefore, 1);
  });

  it('ignores a reply for a saga it does not know', async () => {
    const before = await repliesIgnored('unknown_saga');
    await messaging.publish(TOPICS.orderReplies, 'job-ghost', {
      sagaId: 'job-ghost',
      jobId: 'job-ghost',
      step: 'reserve_stock',
      action: 'STEP_ACTION_EXECUTE',
      outcome: 'REPLY_OUTCOME_SUCCESS',
    });
    await eventually(
      () => repliesIgnored('unknown_saga'),
      (count) => count === before + 1,
    );
    assert.equal(deadLetters.items.length, 0, 'an ignored reply is not poison');
  });

  it('does not restart a saga when its start command is delivered again', async () => {
    const commandTopic = messaging.topicName(TOPICS.orderCommands);
    const processed = () =>
      metricValue(messagesConsumed, { topic: commandTopic, group: 'orchestrator', outcome: 'processed' });
    const eventsPublished = () =>
      metricValue(messagesProduced, { topic: messaging.topicName(TOPICS.jobEvents) });
    const processedBefore = await processed();
    const publishedBefore = await eventsPublished();
    await submit('job-twice');
    await events.waitFor(7);
    await submit('job-twice');
    // The handler publishes before it returns, so once the repeat is processed a restart would have shown.
    await eventually(processed, (count) => count === processedBefore + 2);
    assert.equal((await eventsPublished()) - publishedBefore, 7);
    assert.equal(commands.items.length, 3);
  });
});
