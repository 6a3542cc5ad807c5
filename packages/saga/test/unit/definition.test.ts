import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TOPICS } from '@jobtrack/contracts';
import {
  commandId,
  defineSaga,
  eventId,
  isLocal,
  pointOfNoReturn,
  retryPolicyOf,
  type SagaDefinition,
  type SagaStep,
  StepFailure,
} from '../../src/index.ts';
import { testSaga } from '../support/test-saga.ts';

const participant = { participant: TOPICS.inventoryCommands };
const backoff = { initialBackoffMs: 10, maxBackoffMs: 100 };

const compensatable = (name: string, extra: Partial<SagaStep> = {}): SagaStep =>
  ({
    name,
    kind: 'compensatable',
    invoke: participant,
    compensate: participant,
    timeoutMs: 1000,
    ...extra,
  }) as SagaStep;
const pivot = (name: string, extra: Partial<SagaStep> = {}): SagaStep =>
  ({ name, kind: 'pivot', invoke: participant, timeoutMs: 1000, ...extra }) as SagaStep;
const retriable = (name: string, extra: Partial<SagaStep> = {}): SagaStep =>
  ({
    name,
    kind: 'retriable',
    invoke: participant,
    timeoutMs: 1000,
    retry: { maxAttempts: 3, ...backoff },
    ...extra,
  }) as SagaStep;

function saga(steps: SagaStep[], extra: Partial<SagaDefinition> = {}): SagaDefinition {
  return {
    type: 'order.place',
    commandTopic: TOPICS.orderCommands,
    replyTopic: TOPICS.orderReplies,
    steps,
    ...extra,
  };
}

describe('defineSaga', () => {
  it('accepts a well-formed saga and returns it as it is', () => {
    const definition = saga([compensatable('a'), pivot('b'), retriable('c')]);
    assert.equal(defineSaga(definition), definition);
    assert.doesNotThrow(() => defineSaga(saga([retriable('only')])), 'every kind is optional');
  });

  const invalid: Array<[string, SagaDefinition, RegExp]> = [
    ['no steps', saga([]), /saga order.place has no steps/],
    ['an upper-case step name', saga([pivot('Reserve')]), /bad step name "Reserve"/],
    ['a step name starting with a digit', saga([pivot('1st')]), /bad step name "1st"/],
    ['a step name with a dash', saga([pivot('a-b')]), /bad step name "a-b"/],
    ['a step name with a colon, which would break message ids', saga([pivot('a:b')]), /bad step name "a:b"/],
    ['an empty step name', saga([pivot('')]), /bad step name ""/],
    ['a step name used twice', saga([compensatable('a'), compensatable('a')]), /step "a" appears twice/],
    [
      'a compensatable step after the pivot',
      saga([pivot('a'), compensatable('b')]),
      /must be compensatable, then/,
    ],
    ['a pivot after a retriable step', saga([retriable('a'), pivot('b')]), /must be compensatable, then/],
    [
      'a compensatable step after a retriable one',
      saga([retriable('a'), compensatable('b')]),
      /must be compensatable, then at most one pivot, then retriable/,
    ],
    ['two pivots', saga([pivot('a'), pivot('b')]), /at most one pivot/],
    ['a timeout of zero', saga([pivot('a', { timeoutMs: 0 })]), /step a: timeoutMs must be positive/],
    ['a negative timeout', saga([pivot('a', { timeoutMs: -5 })]), /step a: timeoutMs must be positive/],
    [
      'a retriable step with one attempt',
      saga([retriable('a', { retry: { maxAttempts: 1, ...backoff } })]),
      /step a: a retriable step needs maxAttempts of at least 2/,
    ],
    [
      'zero attempts',
      saga([pivot('a', { retry: { maxAttempts: 0, ...backoff } })]),
      /step a: maxAttempts must be a positive integer/,
    ],
    [
      'a fractional number of attempts',
      saga([pivot('a', { retry: { maxAttempts: 2.5, ...backoff } })]),
      /step a: maxAttempts must be a positive integer/,
    ],
    [
      'an initial backoff above the maximum',
      saga([pivot('a', { retry: { maxAttempts: 2, initialBackoffMs: 200, maxBackoffMs: 100 } })]),
      /step a: backoff must satisfy 0 <= initialBackoffMs <= maxBackoffMs/,
    ],
    [
      'a negative backoff',
      saga([pivot('a', { retry: { maxAttempts: 2, initialBackoffMs: -1, maxBackoffMs: 100 } })]),
      /step a: backoff must satisfy/,
    ],
    [
      'a multiplier below 1',
      saga([pivot('a', { retry: { maxAttempts: 2, ...backoff, multiplier: 0.5 } })]),
      /step a: multiplier must be at least 1/,
    ],
  ];
  for (const [what, definition, message] of invalid) {
    it(`refuses ${what}`, () => {
      assert.throws(() => defineSaga(definition), message);
    });
  }

  describe('a semantic lock', () => {
    const key = () => 'k';
    const steps = [
      compensatable('a', { timeoutMs: 2000 }),
      pivot('b', { retry: { maxAttempts: 2, initialBackoffMs: 100, maxBackoffMs: 3000 } }),
    ];

    it('must outlive the longest step timeout', () => {
      const compensationBackoff = { initialBackoffMs: 10, maxBackoffMs: 500 };
      const withLease = (leaseMs: number) =>
        saga([compensatable('a', { timeoutMs: 2000 })], {
          compensationBackoff,
          lock: { key, onBusy: 'wait', leaseMs },
        });
      assert.throws(
        () => defineSaga(withLease(2000)),
        /saga order.place: lock leaseMs must exceed the longest step timeout or backoff \(2000 ms\)/,
      );
      assert.doesNotThrow(() => defineSaga(withLease(2001)));
    });

    it('must outlive the longest retry backoff and compensation backoff', () => {
      const compensationBackoff = { initialBackoffMs: 10, maxBackoffMs: 500 };
      assert.throws(
        () =>
          defineSaga(saga(steps, { compensationBackoff, lock: { key, onBusy: 'reject', leaseMs: 3000 } })),
        /\(3000 ms\)/,
      );
      assert.doesNotThrow(() =>
        defineSaga(saga(steps, { compensationBackoff, lock: { key, onBusy: 'reject', leaseMs: 3001 } })),
      );
      const slowUndo = { initialBackoffMs: 10, maxBackoffMs: 5000 };
      assert.throws(
        () =>
          defineSaga(
            saga(steps, { compensationBackoff: slowUndo, lock: { key, onBusy: 'wait', leaseMs: 4000 } }),
          ),
        /\(5000 ms\)/,
      );
    });

    it('counts the default compensation backoff when the saga sets none', () => {
      assert.throws(
        () => defineSaga(saga([pivot('a')], { lock: { key, onBusy: 'wait', leaseMs: 20_000 } })),
        /\(30000 ms\)/,
      );
    });
  });
});

describe('definition helpers', () => {
  it('finds the point of no return: the pivot, else the first retriable step, else past the end', () => {
    assert.equal(pointOfNoReturn(testSaga()), 2);
    assert.equal(pointOfNoReturn(saga([compensatable('a'), retriable('b')])), 1);
    assert.equal(pointOfNoReturn(saga([compensatable('a'), compensatable('b')])), 2);
    assert.equal(pointOfNoReturn(saga([pivot('a'), retriable('b')])), 0);
  });

  it('gives a step without a retry policy one attempt', () => {
    assert.deepEqual(retryPolicyOf(pivot('a')), { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 });
    const policy = { maxAttempts: 4, ...backoff };
    assert.equal(retryPolicyOf(pivot('a', { retry: policy })), policy);
  });

  it('tells a local step from a participant one', () => {
    assert.equal(isLocal(participant), false);
    assert.equal(isLocal({ run: async () => null }), true);
  });

  it('builds deterministic message ids', () => {
    assert.equal(commandId('job-1', 'reserve_stock', 'EXECUTE', 2), 'job-1:reserve_stock:execute:2');
    assert.equal(commandId('job-1', 'reserve_stock', 'COMPENSATE', 1), 'job-1:reserve_stock:compensate:1');
    assert.equal(eventId('job-1', 7), 'job-1:event:7');
  });

  it('carries a failure code on StepFailure', () => {
    const failure = new StepFailure('OUT_OF_STOCK', 'none left');
    assert.ok(failure instanceof Error);
    assert.equal(failure.name, 'StepFailure');
    assert.equal(failure.code, 'OUT_OF_STOCK');
    assert.equal(failure.message, 'none left');
  });
});
