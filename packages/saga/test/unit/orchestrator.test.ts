import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  HEADERS,
  type JobEvent,
  millisFromTimestamp,
  type OrderPlaceInput,
  TOPICS,
} from '@jobtrack/contracts';
import { startTelemetry } from '@jobtrack/platform/telemetry';
import { eventually } from '@jobtrack/platform/testing';
import { trace } from '@opentelemetry/api';
import {
  defineSaga,
  type LocalStepContext,
  StepFailure,
  sagaCommandsRejected,
  sagaInputsIgnored,
  sagaStepRetries,
  sagaStepTimeouts,
} from '../../src/index.ts';
import {
  failure,
  OrchestratorHarness,
  type ReceivedCommand,
  success,
} from '../support/orchestrator-harness.ts';

// Real span ids, so the test can check that one trace runs from the start command through every hop.
startTelemetry('saga-test');

const RESERVE_TIMEOUT_MS = 400;
const fast = { initialBackoffMs: 10, maxBackoffMs: 20 };

/** An order whose local step fails twice: once with a code of its own, once with a plain error. */
const SHAKY_ORDER = 'o-shaky';
/** The calls of the local step, as the orchestrator made them. */
const confirmations: Array<LocalStepContext<OrderPlaceInput>> = [];

const saga = defineSaga<OrderPlaceInput>({
  type: 'order.place',
  commandTopic: TOPICS.orderCommands,
  replyTopic: TOPICS.orderReplies,
  lock: { key: (input) => `order:${input.orderId}`, onBusy: 'wait', leaseMs: 10_000 },
  compensationBackoff: fast,
  steps: [
    {
      name: 'reserve_stock',
      kind: 'compensatable',
      invoke: { participant: TOPICS.inventoryCommands },
      compensate: { participant: TOPICS.inventoryCommands },
      timeoutMs: RESERVE_TIMEOUT_MS,
      retry: { maxAttempts: 2, ...fast },
    },
    {
      name: 'authorize_payment',
      kind: 'pivot',
      invoke: { participant: TOPICS.paymentCommands },
      timeoutMs: 5000,
    },
    {
      name: 'schedule_shipping',
      kind: 'retriable',
      invoke: { participant: TOPICS.shippingCommands },
      timeoutMs: 5000,
      retry: { maxAttempts: 3, ...fast },
    },
    {
      name: 'confirm',
      kind: 'retriable',
      invoke: {
        async run(context) {
          confirmations.push(context);
          if (context.input.orderId === SHAKY_ORDER && context.attempt === 1)
            throw new StepFailure('LEDGER_DOWN', 'ledger unavailable');
          if (context.input.orderId === SHAKY_ORDER && context.attempt === 2) throw new Error('boom');
          return { confirmed: context.input.orderId };
        },
      },
      timeoutMs: 5000,
      retry: { maxAttempts: 3, ...fast },
    },
  ],
});

function order(orderId: string): OrderPlaceInput {
  return { orderId, items: [{ sku: 'sku-1', quantity: 2 }], amountCents: 1999, currency: 'EUR' };
}

/** A counter's value for exactly these labels (0 before its first increment). */
async function counted(
  counter: { get(): Promise<{ values: Array<{ labels: Record<string, string | number>; value: number }> }> },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const entry = values.find((v) => Object.entries(labels).every(([name, value]) => v.labels[name] === value));
  return entry?.value ?? 0;
}

const ignored = (input: string, reason: string) =>
  counted(sagaInputsIgnored, { type: 'order.place', input, reason });

const summary = (events: readonly JobEvent[]) =>
  events.map((event) => [
    Number(event.seq),
    event.status.replace('JOB_STATUS_', ''),
    event.progress?.step,
    event.progress?.percent,
  ]);

const seen = (commands: readonly ReceivedCommand[]) =>
  commands.map(({ command, meta }) => `${meta.id} attempt=${command.attempt}`);

const HAPPY_PATH = [
  [1, 'RUNNING', 'reserve_stock', 0],
  [2, 'RUNNING', 'reserve_stock', 25],
  [3, 'RUNNING', 'authorize_payment', 25],
  [4, 'RUNNING', 'authorize_payment', 50],
  [5, 'RUNNING', 'schedule_shipping', 50],
  [6, 'RUNNING', 'schedule_shipping', 75],
  [7, 'RUNNING', 'confirm', 75],
  [8, 'RUNNING', 'confirm', 100],
  [9, 'SUCCEEDED', 'confirm', 100],
];

describe('saga orchestrator over the in-memory bus and store', () => {
  let harness: OrchestratorHarness;

  beforeEach(async () => {
    confirmations.length = 0;
    harness = new OrchestratorHarness();
    await harness.start(saga);
  });

  afterEach(async () => {
    await harness.stop();
  });

  it('runs participant and local steps in order, with deterministic event and command ids', async () => {
    await harness.submit('job-ok', order('o-ok'));
    const [last] = await harness.finished.waitFor(1);
    const events = harness.eventsOf('job-ok');
    assert.deepEqual(summary(events), HAPPY_PATH);
    assert.deepEqual(
      harness.events.items.map(({ meta }) => meta.id),
      HAPPY_PATH.map(([seq]) => `job-ok:event:${seq}`),
    );
    assert.ok(harness.events.items.every(({ meta }) => meta.key === 'job-ok'));
    assert.deepEqual(
      events.map((event) => [event.progress?.stepsDone, event.progress?.stepsTotal]),
      [0, 1, 1, 2, 2, 3, 3, 4, 4].map((done) => [done, 4]),
    );
    assert.deepEqual(JSON.parse(last?.resultJson ?? ''), {
      reserve_stock: { by: 'reserve_stock' },
      authorize_payment: { by: 'authorize_payment' },
      schedule_shipping: { by: 'schedule_shipping' },
      confirm: { confirmed: 'o-ok' },
    });
    assert.equal(last?.error, null);

    assert.deepEqual(seen(harness.commands.items), [
      'job-ok:reserve_stock:execute:1 attempt=1',
      'job-ok:authorize_payment:execute:1 attempt=1',
      'job-ok:schedule_shipping:execute:1 attempt=1',
    ]);
    const first = harness.commands.items[0]?.command;
    assert.equal(first?.sagaId, 'job-ok');
    assert.equal(first?.action, 'STEP_ACTION_EXECUTE');
    assert.equal(first?.replyTopic, harness.messaging.topicName(TOPICS.orderReplies));
    assert.deepEqual(JSON.parse(first?.payloadJson ?? ''), order('o-ok'));

    assert.equal(confirmations.length, 1, 'the local step ran once, in the orchestrator');
    const [confirm] = confirmations;
    assert.equal(confirm?.sagaId, 'job-ok');
    assert.equal(confirm?.attempt, 1);
    assert.deepEqual(confirm?.input, order('o-ok'));
    assert.deepEqual(Object.keys(confirm?.results ?? {}), [
      'reserve_stock',
      'authorize_payment',
      'schedule_shipping',
    ]);

    const stored = await harness.store.load('job-ok');
    assert.equal(stored?.instance.phase, 'SUCCEEDED');
    assert.deepEqual(stored?.outbox, []);
    assert.equal(await harness.store.inFlight(), 0);
  });

  it('fails the job and dead-letters a start command of an unknown type, another saga’s type or a bad input', async () => {
    const rejectedBefore = await counted(sagaCommandsRejected, { type: 'order.place' });
    await harness.submit('job-unknown', order('o-1'), 'nope.unknown');
    await harness.submit('job-media', order('o-1'), 'media.process');
    await harness.submit('job-bad', { ...order('o-1'), amountCents: -5 });
    await harness.deadLetters.waitFor(3);
    await harness.finished.waitFor(3);
    const outcome = (jobId: string) => {
      const events = harness.eventsOf(jobId);
      assert.equal(events.length, 1);
      const [event] = events;
      assert.equal(event?.seq, '1');
      assert.equal(event?.status, 'JOB_STATUS_FAILED');
      assert.equal(event?.error?.code, 'INVALID_COMMAND');
      return event?.error?.message;
    };
    assert.equal(outcome('job-unknown'), 'unknown job type "nope.unknown"');
    assert.equal(outcome('job-media'), 'job type "media.process" is not run by the order.place saga');
    assert.match(outcome('job-bad') ?? '', /^invalid input: amountCents: /);
    assert.deepEqual(
      harness.events.items.filter(({ event }) => event.jobId === 'job-bad').map(({ meta }) => meta.id),
      ['job-bad:event:1'],
    );

    const dead = harness.deadLetters.items.find((message) => message.key === 'job-bad');
    assert.equal(dead?.headers[HEADERS.deadLetterTopic], harness.messaging.topicName(TOPICS.orderCommands));
    assert.match(dead?.headers[HEADERS.deadLetterReason] ?? '', /^PoisonMessageError: invalid input/);
    assert.equal(harness.commands.items.length, 0, 'no participant was asked to do anything');
    assert.equal(await harness.store.load('job-bad'), undefined);
    assert.equal((await counted(sagaCommandsRejected, { type: 'order.place' })) - rejectedBefore, 3);
  });

  it('ignores a start command delivered twice', async () => {
    const before = await ignored('start', 'duplicate');
    await harness.submit('job-twice', order('o-twice'));
    await harness.submit('job-twice', order('o-twice'));
    await harness.finished.waitFor(1);
    await eventually(
      () => ignored('start', 'duplicate'),
      (count) => count === before + 1,
    );
    assert.deepEqual(summary(harness.eventsOf('job-twice')), HAPPY_PATH);
    assert.equal(harness.commands.items.length, 3, 'each participant step ran once');
    assert.equal(confirmations.length, 1);
  });

  it('ignores and counts a reply for an unknown saga, a duplicate, a reply for the wrong step and a malformed one', async () => {
    harness.script = (received) =>
      received.command.step === 'authorize_payment' ? [] : [success(received, '{"ok":true}')];
    await harness.submit('job-stray', order('o-stray'));
    const [reserve, authorize] = await harness.commands.waitFor(2);
    assert.ok(reserve && authorize);
    const before = await eventually(
      () => harness.store.load('job-stray'),
      (stored) => stored?.outbox.length === 0,
    );
    const counts = await Promise.all(
      ['unknown_saga', 'duplicate', 'wrong_step', 'invalid_reply'].map((reason) => ignored('reply', reason)),
    );

    await harness.reply({
      ...success(authorize),
      sagaId: 'job-ghost',
      jobId: 'job-ghost',
      commandId: 'job-ghost:authorize_payment:execute:1',
    });
    await harness.reply(success(reserve, '{"again":true}'));
    await harness.reply({ ...success(authorize), commandId: 'job-stray:schedule_shipping:execute:1' });
    await harness.reply({ ...success(authorize), outcome: 'REPLY_OUTCOME_UNSPECIFIED' });
    await eventually(
      () =>
        Promise.all(
          ['unknown_saga', 'duplicate', 'wrong_step', 'invalid_reply'].map((reason) =>
            ignored('reply', reason),
          ),
        ),
      (now) => now.every((count, i) => count === (counts[i] ?? 0) + 1),
    );
    assert.deepEqual(await harness.store.load('job-stray'), before, 'the saga did not change');
    assert.equal(await harness.store.load('job-ghost'), undefined);
    assert.equal(harness.deadLetters.items.length, 0, 'an ignored reply is not poison');

    await harness.reply(success(authorize));
    const [last] = await harness.finished.waitFor(1);
    assert.equal(last?.status, 'JOB_STATUS_SUCCEEDED');
    assert.deepEqual(
      harness.eventsOf('job-stray').map((event) => Number(event.seq)),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      'no event for an ignored reply',
    );
  });

  it('times out a participant that never answers, retries with attempt 2, and ignores the late answer', async () => {
    const timeoutsBefore = await counted(sagaStepTimeouts, {
      type: 'order.place',
      step: 'reserve_stock',
      action: 'EXECUTE',
    });
    const retriesBefore = await counted(sagaStepRetries, {
      type: 'order.place',
      step: 'reserve_stock',
      action: 'EXECUTE',
    });
    const lateBefore = await ignored('reply', 'late');
    let silent: ReceivedCommand | undefined;
    harness.script = (received) => {
      if (received.command.step !== 'reserve_stock') return [success(received)];
      if (received.command.attempt === 1) {
        silent = received;
        return [];
      }
      // The first attempt's answer turns up after all, just before the second's.
      return [...(silent ? [success(silent)] : []), success(received)];
    };
    await harness.submit('job-slow', order('o-slow'));
    await harness.finished.waitFor(1);

    assert.deepEqual(seen(harness.commands.items).slice(0, 2), [
      'job-slow:reserve_stock:execute:1 attempt=1',
      'job-slow:reserve_stock:execute:2 attempt=2',
    ]);
    const events = harness.eventsOf('job-slow');
    assert.match(
      events[1]?.progress?.message ?? '',
      new RegExp(
        `^attempt 1 failed \\(TIMEOUT: no reply within ${RESERVE_TIMEOUT_MS} ms\\); retrying in \\d+ ms$`,
      ),
    );
    assert.equal(events[2]?.progress?.message, 'attempt 2 started');
    const waited =
      (millisFromTimestamp(events[1]?.occurTime) ?? 0) - (millisFromTimestamp(events[0]?.occurTime) ?? 0);
    assert.ok(waited >= RESERVE_TIMEOUT_MS - 50, `the timeout fired after ${waited} ms`);
    assert.equal(events.at(-1)?.status, 'JOB_STATUS_SUCCEEDED');
    assert.equal(events.length, HAPPY_PATH.length + 2);

    assert.equal(
      (await counted(sagaStepTimeouts, { type: 'order.place', step: 'reserve_stock', action: 'EXECUTE' })) -
        timeoutsBefore,
      1,
    );
    assert.equal(
      (await counted(sagaStepRetries, { type: 'order.place', step: 'reserve_stock', action: 'EXECUTE' })) -
        retriesBefore,
      1,
    );
    assert.equal((await ignored('reply', 'late')) - lateBefore, 1);
  });

  it('publishes the outbox again when a publish fails, and the saga still finishes', async () => {
    harness.bus.failNextPublishTo(harness.messaging.topicName(TOPICS.inventoryCommands));
    await harness.submit('job-flaky', order('o-flaky'));
    const [last] = await harness.finished.waitFor(1);
    assert.equal(harness.bus.failures, 1);
    assert.equal(last?.status, 'JOB_STATUS_SUCCEEDED');
    assert.deepEqual(seen(harness.commands.items), [
      'job-flaky:reserve_stock:execute:1 attempt=1',
      'job-flaky:authorize_payment:execute:1 attempt=1',
      'job-flaky:schedule_shipping:execute:1 attempt=1',
    ]);
    const ids = harness.events.items.map(({ meta }) => meta.id);
    assert.deepEqual(
      [...new Set(ids)],
      HAPPY_PATH.map(([seq]) => `job-flaky:event:${seq}`),
      'every event went out, in order; one sent twice keeps its id, so consumers drop the copy',
    );
    assert.deepEqual(await harness.store.load('job-flaky').then((stored) => stored?.outbox), []);
  });

  it('cancels a saga before its pivot: the step in flight is undone and the job ends CANCELLED', async () => {
    harness.script = (received) =>
      received.command.step === 'reserve_stock' && received.command.action === 'STEP_ACTION_EXECUTE'
        ? []
        : [success(received)];
    await harness.submit('job-cancel', order('o-cancel'));
    const [reserve] = await harness.commands.waitFor(1);
    assert.ok(reserve);
    await harness.cancel('job-cancel', 'changed my mind');
    const [last] = await harness.finished.waitFor(1);
    assert.equal(last?.status, 'JOB_STATUS_CANCELLED');
    assert.deepEqual(last?.error, { code: 'CANCELLED', message: 'changed my mind' });
    assert.deepEqual(seen(harness.commands.items), [
      'job-cancel:reserve_stock:execute:1 attempt=1',
      'job-cancel:reserve_stock:compensate:1 attempt=1',
    ]);
    assert.equal(harness.commands.items[1]?.command.action, 'STEP_ACTION_COMPENSATE');
  });

  it('refuses a cancel once the pivot has started, says so in an event, and finishes', async () => {
    harness.script = (received) => (received.command.step === 'authorize_payment' ? [] : [success(received)]);
    await harness.submit('job-late-cancel', order('o-late'));
    const [, authorize] = await harness.commands.waitFor(2);
    assert.ok(authorize);
    await harness.cancel('job-late-cancel', 'too late');
    await harness.events.waitFor(4);
    const refused = harness.eventsOf('job-late-cancel')[3];
    assert.equal(refused?.cancelRefused, true);
    assert.equal(refused?.status, 'JOB_STATUS_RUNNING');
    assert.equal(
      refused?.progress?.message,
      'cancel refused: authorize_payment is the point of no return and has started',
    );
    await harness.reply(success(authorize));
    const [last] = await harness.finished.waitFor(1);
    assert.equal(last?.status, 'JOB_STATUS_SUCCEEDED');
  });

  it('runs a second saga on the same order only once the first has finished', async () => {
    harness.script = (received) =>
      received.command.jobId === 'job-first' && received.command.step === 'authorize_payment'
        ? []
        : [success(received)];
    await harness.submit('job-first', order('o-shared'));
    const [, authorize] = await harness.commands.waitFor(2);
    assert.ok(authorize);
    await harness.submit('job-second', order('o-shared'));
    await eventually(
      () => harness.eventsOf('job-second'),
      (events) => events.length === 1,
    );
    assert.equal(
      harness.eventsOf('job-second')[0]?.progress?.message,
      'waiting for another order.place job on the same record',
    );
    assert.equal(harness.commandsOf('job-second').length, 0);

    await harness.reply(success(authorize));
    const [first, second] = await harness.finished.waitFor(2);
    assert.deepEqual([first?.jobId, first?.status], ['job-first', 'JOB_STATUS_SUCCEEDED']);
    assert.deepEqual([second?.jobId, second?.status], ['job-second', 'JOB_STATUS_SUCCEEDED']);
    const firstDone = millisFromTimestamp(first?.occurTime) ?? Number.POSITIVE_INFINITY;
    const secondStarted = millisFromTimestamp(harness.eventsOf('job-second')[1]?.occurTime) ?? 0;
    assert.ok(secondStarted >= firstDone, 'the second saga started once the first had finished');
    assert.deepEqual(summary(harness.eventsOf('job-second')).slice(0, 2), [
      [1, 'RUNNING', 'reserve_stock', 0],
      [2, 'RUNNING', 'reserve_stock', 0],
    ]);
  });

  it('retries a local step that throws, with its StepFailure code or LOCAL_ERROR', async () => {
    await harness.submit('job-shaky', order(SHAKY_ORDER));
    const [last] = await harness.finished.waitFor(1);
    assert.equal(last?.status, 'JOB_STATUS_SUCCEEDED');
    assert.deepEqual(
      confirmations.map((context) => context.attempt),
      [1, 2, 3],
    );
    const messages = harness.eventsOf('job-shaky').map((event) => event.progress?.message ?? '');
    assert.deepEqual(
      messages.slice(6, 11).map((message) => message.replace(/\d+ ms$/, 'N ms')),
      [
        'started',
        'attempt 1 failed (LEDGER_DOWN: ledger unavailable); retrying in N ms',
        'attempt 2 started',
        'attempt 2 failed (LOCAL_ERROR: boom); retrying in N ms',
        'attempt 3 started',
      ],
    );
  });

  /** Publishes a start command inside a span of its own, as the gateway would; resolves with its trace id. */
  async function submitTraced(jobId: string, orderId: string): Promise<string> {
    return trace.getTracer('saga-test').startActiveSpan('client submits', async (span) => {
      await harness.submit(jobId, order(orderId));
      span.end();
      return span.spanContext().traceId;
    });
  }

  it('carries one trace from the start command through every command, reply and event', async () => {
    const traceId = await submitTraced('job-traced', 'o-traced');
    await harness.finished.waitFor(1);
    await harness.replies.waitFor(3);
    const hops = [...harness.commands.items, ...harness.replies.items, ...harness.events.items];
    assert.equal(hops.length, 3 + 3 + HAPPY_PATH.length);
    assert.deepEqual([...new Set(hops.map(({ meta }) => meta.traceId))], [traceId]);
    assert.notEqual(traceId, '00000000000000000000000000000000');
  });

  it('keeps the job’s trace across a timeout and the retry its timer sends', async () => {
    harness.script = (received) =>
      received.command.step === 'reserve_stock' && received.command.attempt === 1 ? [] : [success(received)];
    const traceId = await submitTraced('job-retraced', 'o-retraced');
    await harness.finished.waitFor(1);
    const hops = [...harness.commands.items, ...harness.events.items];
    assert.equal(hops.length, 4 + HAPPY_PATH.length + 2);
    assert.deepEqual([...new Set(hops.map(({ meta }) => meta.traceId))], [traceId]);
  });

  it('sends a retry whose publish failed in good time, so the attempt still gets its full timeout', async () => {
    const inventory = harness.messaging.topicName(TOPICS.inventoryCommands);
    harness.script = (received) => {
      const { step, action, attempt } = received.command;
      if (step !== 'reserve_stock' || action !== 'STEP_ACTION_EXECUTE' || attempt !== 1)
        return [success(received)];
      // Attempt 1 goes unanswered; the timer then sends attempt 2, and that publish fails once.
      harness.bus.failNextPublishTo(inventory);
      return [];
    };
    await harness.submit('job-resend', order('o-resend'));
    const [last] = await harness.finished.waitFor(1);
    assert.equal(harness.bus.failures, 1);
    assert.equal(last?.status, 'JOB_STATUS_SUCCEEDED', `ended ${last?.status} ${last?.error?.code ?? ''}`);
  });

  it('counts a failure reply as the step’s failure and compensates before the pivot', async () => {
    harness.script = (received) =>
      received.command.step === 'authorize_payment'
        ? [failure(received, 'PAYMENT_DECLINED', 'card declined')]
        : [success(received)];
    await harness.submit('job-declined', order('o-declined'));
    const [last] = await harness.finished.waitFor(1);
    assert.equal(last?.status, 'JOB_STATUS_COMPENSATED');
    assert.deepEqual(last?.error, { code: 'PAYMENT_DECLINED', message: 'authorize_payment: card declined' });
    assert.deepEqual(seen(harness.commands.items), [
      'job-declined:reserve_stock:execute:1 attempt=1',
      'job-declined:authorize_payment:execute:1 attempt=1',
      'job-declined:reserve_stock:compensate:1 attempt=1',
    ]);
  });
});
