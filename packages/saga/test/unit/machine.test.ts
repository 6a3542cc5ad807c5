import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyInput, type SagaObservation, TRANSITIONS } from '../../src/index.ts';
import { edgesTaken, progress, reply, SagaDriver, T0 } from '../support/saga-driver.ts';
import { testSaga } from '../support/test-saga.ts';

const saga = testSaga();
const waiting = testSaga({ onBusy: 'wait', leaseMs: 5000 });
const rejecting = testSaga({ onBusy: 'reject', leaseMs: 5000 });
const LOCK_KEY = 'order:o-1';

const cmd = (step: string, action: 'execute' | 'compensate', attempt: number) =>
  `job-1:${step}:${action}:${attempt}`;

/** Runs the saga up to the first attempt of `step` being in flight. */
function startedAt(step: 'check_fraud' | 'authorize_payment' | 'schedule_shipping'): SagaDriver {
  const { driver } = SagaDriver.start(saga);
  const order = ['reserve_stock', 'check_fraud', 'authorize_payment', 'schedule_shipping'];
  while (driver.current.step !== step) {
    assert.ok(order.includes(driver.current.step));
    driver.succeed();
  }
  return driver;
}

/** The retry delay the last transition chose, checked against the event that announces it. */
function retryDelay(driver: SagaDriver, min: number, max: number): number {
  const { deadline } = driver.instance;
  assert.ok(deadline !== null);
  const delay = deadline - driver.now;
  assert.ok(delay >= min && delay <= max, `retry delay ${delay} ms within [${min}, ${max}]`);
  const scheduled = driver.observations.find((o) => o.kind === 'retry_scheduled');
  assert.equal(scheduled?.kind === 'retry_scheduled' ? scheduled.delayMs : undefined, delay);
  assert.equal(driver.current.state, 'backoff');
  return delay;
}

function outcomes(observations: readonly SagaObservation[]): string[] {
  return observations.map((o) =>
    o.kind === 'attempt_ended'
      ? `${o.step} ${o.action} ${o.attempt} ${o.outcome}`
      : o.kind === 'retry_scheduled'
        ? `retry ${o.step} ${o.action}`
        : `cancel ${o.outcome}`,
  );
}

describe('saga state machine', () => {
  it('runs every step in order: events seq 1..n with status, step, percent and steps done, then the results', () => {
    const { driver, effects } = SagaDriver.start(saga);
    assert.deepEqual(effects, [
      'event 1 RUNNING reserve_stock 0% 0/4 started',
      `command ${cmd('reserve_stock', 'execute', 1)}`,
    ]);
    assert.equal(driver.instance.phase, 'EXECUTING');
    assert.equal(driver.instance.deadline, T0 + 1000);
    assert.equal(driver.instance.createdAt, T0);

    driver.now = T0 + 40;
    assert.deepEqual(driver.succeed('{"reservation":"r-1"}'), [
      'event 2 RUNNING reserve_stock 25% 1/4 done',
      'event 3 RUNNING check_fraud 25% 1/4 started',
      `command ${cmd('check_fraud', 'execute', 1)}`,
    ]);
    assert.deepEqual(driver.observations, [
      {
        kind: 'attempt_ended',
        step: 'reserve_stock',
        action: 'EXECUTE',
        attempt: 1,
        outcome: 'success',
        startedAt: T0,
      },
    ]);
    assert.equal(driver.instance.deadline, T0 + 40 + 500, 'the next step has its own timeout');
    assert.deepEqual(driver.succeed(''), [
      'event 4 RUNNING check_fraud 50% 2/4 done',
      'event 5 RUNNING authorize_payment 50% 2/4 started',
      `command ${cmd('authorize_payment', 'execute', 1)}`,
    ]);
    assert.deepEqual(driver.succeed('{"authorization":"a-1"}'), [
      'event 6 RUNNING authorize_payment 75% 3/4 done',
      'event 7 RUNNING schedule_shipping 75% 3/4 started',
      `command ${cmd('schedule_shipping', 'execute', 1)}`,
    ]);
    assert.deepEqual(driver.succeed('not json'), [
      'event 8 RUNNING schedule_shipping 100% 4/4 done',
      'event 9 SUCCEEDED schedule_shipping 100% 4/4 succeeded',
    ]);
    const last = driver.effects.at(-1);
    assert.equal(last?.kind, 'event');
    assert.equal(last.error, null);
    assert.deepEqual(JSON.parse(last.resultJson), {
      reserve_stock: { reservation: 'r-1' },
      check_fraud: null,
      authorize_payment: { authorization: 'a-1' },
      schedule_shipping: 'not json',
    });
    const { instance } = driver;
    assert.equal(instance.phase, 'SUCCEEDED');
    assert.deepEqual(instance.completed, [
      'reserve_stock',
      'check_fraud',
      'authorize_payment',
      'schedule_shipping',
    ]);
    assert.equal(instance.current, null);
    assert.equal(instance.deadline, null, 'a finished saga has no timer');
    assert.equal(instance.percent, 100);
    assert.equal(instance.seq, 9);
  });

  describe('failures before the pivot', () => {
    it('a step failing for good undoes the completed steps and ends COMPENSATED with its code and message', () => {
      const driver = startedAt('check_fraud');
      assert.deepEqual(driver.fail('', ''), [
        'event 4 COMPENSATING reserve_stock 25% 1/4 undoing',
        `command ${cmd('reserve_stock', 'compensate', 1)}`,
      ]);
      assert.equal(driver.instance.phase, 'COMPENSATING');
      assert.deepEqual(driver.instance.failure, {
        step: 'check_fraud',
        code: 'STEP_FAILED',
        message: 'no reason given',
      });
      assert.deepEqual(driver.succeed(), [
        'event 5 COMPENSATED check_fraud 25% 1/4 compensated [STEP_FAILED: check_fraud: no reason given]',
      ]);
      assert.equal(driver.instance.phase, 'COMPENSATED');
    });

    it('a failure with attempts left backs off, then the deadline sends attempt 2 under a new command id', () => {
      const { driver } = SagaDriver.start(saga);
      driver.now = T0 + 200;
      const [event, ...rest] = driver.fail('STOCK_DB_DOWN', 'db down');
      assert.deepEqual(rest, [], 'nothing is sent until the backoff is over');
      const delay = retryDelay(driver, 50, 100);
      assert.equal(
        event,
        `event 2 RUNNING reserve_stock 0% 0/4 attempt 1 failed (STOCK_DB_DOWN: db down); retrying in ${delay} ms`,
      );
      assert.deepEqual(outcomes(driver.observations), [
        'reserve_stock EXECUTE 1 failure',
        'retry reserve_stock EXECUTE',
      ]);
      assert.equal(driver.ignored({ kind: 'deadline' }, T0 + 200 + delay - 1), 'not_due');

      assert.deepEqual(driver.fireDeadline(), [
        'event 3 RUNNING reserve_stock 0% 0/4 attempt 2 started',
        `command ${cmd('reserve_stock', 'execute', 2)}`,
      ]);
      const current = driver.current;
      assert.equal(current.attempt, 2);
      assert.equal(current.state, 'awaiting');
      assert.equal(current.startedAt, driver.now);
      assert.equal(driver.instance.deadline, driver.now + 1000);
      assert.equal(driver.ignored(reply(cmd('reserve_stock', 'execute', 1), 'SUCCESS')), 'duplicate');

      assert.deepEqual(driver.succeed(), [
        'event 4 RUNNING reserve_stock 25% 1/4 done',
        'event 5 RUNNING check_fraud 25% 1/4 started',
        `command ${cmd('check_fraud', 'execute', 1)}`,
      ]);
    });

    it('a non-retryable code ends the step at once, with attempts left', () => {
      const { driver } = SagaDriver.start(saga);
      assert.deepEqual(driver.fail('OUT_OF_STOCK', 'only 1 left'), [
        'event 2 COMPENSATED reserve_stock 0% 0/4 compensated [OUT_OF_STOCK: reserve_stock: only 1 left]',
      ]);
      assert.deepEqual(outcomes(driver.observations), ['reserve_stock EXECUTE 1 failure']);
    });
  });

  describe('timeouts', () => {
    it('counts a timeout as a failed attempt and abandons its command: a later reply to it is late', () => {
      const { driver } = SagaDriver.start(saga);
      assert.equal(driver.ignored({ kind: 'deadline' }, T0 + 999), 'not_due');
      const [event] = driver.fireDeadline();
      const delay = retryDelay(driver, 50, 100);
      assert.equal(
        event,
        `event 2 RUNNING reserve_stock 0% 0/4 attempt 1 failed (TIMEOUT: no reply within 1000 ms); retrying in ${delay} ms`,
      );
      assert.deepEqual(outcomes(driver.observations), [
        'reserve_stock EXECUTE 1 timeout',
        'retry reserve_stock EXECUTE',
      ]);
      const first = cmd('reserve_stock', 'execute', 1);
      assert.deepEqual(driver.instance.abandoned, [first]);
      assert.equal(driver.ignored(reply(first, 'SUCCESS')), 'late');
      assert.equal(driver.ignored(progress(first, 50)), 'late');

      assert.deepEqual(driver.fireDeadline(), [
        'event 3 RUNNING reserve_stock 0% 0/4 attempt 2 started',
        `command ${cmd('reserve_stock', 'execute', 2)}`,
      ]);
      assert.equal(driver.ignored(reply(first, 'FAILURE')), 'late', 'still late once the retry is out');
      assert.deepEqual(driver.succeed(), [
        'event 4 RUNNING reserve_stock 25% 1/4 done',
        'event 5 RUNNING check_fraud 25% 1/4 started',
        `command ${cmd('check_fraud', 'execute', 1)}`,
      ]);
    });

    it('undoes a compensatable step that timed out for good, since it may have run, then the earlier ones', () => {
      const driver = startedAt('check_fraud');
      assert.deepEqual(driver.fireDeadline(), [
        'event 4 COMPENSATING check_fraud 25% 1/4 undoing',
        `command ${cmd('check_fraud', 'compensate', 1)}`,
      ]);
      assert.deepEqual(outcomes(driver.observations), ['check_fraud EXECUTE 1 timeout']);
      assert.equal(driver.ignored(reply(cmd('check_fraud', 'execute', 1), 'SUCCESS')), 'late');
      assert.deepEqual(driver.succeed(), [
        'event 5 COMPENSATING reserve_stock 25% 1/4 undoing',
        `command ${cmd('reserve_stock', 'compensate', 1)}`,
      ]);
      assert.deepEqual(driver.succeed(), [
        'event 6 COMPENSATED check_fraud 25% 1/4 compensated [TIMEOUT: check_fraud: no reply within 500 ms]',
      ]);
    });

    it('undoes a step whose earlier attempt timed out even when a later attempt fails for good', () => {
      const { driver } = SagaDriver.start(saga);
      driver.fireDeadline();
      driver.fireDeadline();
      assert.deepEqual(driver.fail('OUT_OF_STOCK', 'none left'), [
        'event 4 COMPENSATING reserve_stock 0% 0/4 undoing',
        `command ${cmd('reserve_stock', 'compensate', 1)}`,
      ]);
      assert.deepEqual(driver.succeed(), [
        'event 5 COMPENSATED reserve_stock 0% 0/4 compensated [OUT_OF_STOCK: reserve_stock: none left]',
      ]);
    });

    it('ends FAILED PIVOT_OUTCOME_UNKNOWN, undoing nothing, when the pivot times out for good', () => {
      const driver = startedAt('authorize_payment');
      const [event] = driver.fireDeadline();
      const delay = retryDelay(driver, 50, 100);
      assert.equal(
        event,
        `event 6 RUNNING authorize_payment 50% 2/4 attempt 1 failed (TIMEOUT: no reply within 1000 ms); retrying in ${delay} ms`,
      );
      assert.deepEqual(driver.fireDeadline(), [
        'event 7 RUNNING authorize_payment 50% 2/4 attempt 2 started',
        `command ${cmd('authorize_payment', 'execute', 2)}`,
      ]);
      assert.deepEqual(driver.fireDeadline(), [
        'event 8 FAILED authorize_payment 50% 2/4 failed [PIVOT_OUTCOME_UNKNOWN: authorize_payment: no reply within 1000 ms; ' +
          'the pivot may have committed, so the saga neither undoes nor goes on until an operator settles it]',
      ]);
      assert.deepEqual(driver.instance.toCompensate, []);
      assert.equal(driver.ignored(reply(cmd('authorize_payment', 'execute', 2), 'SUCCESS')), 'late');
      assert.equal(driver.ignored(reply(cmd('schedule_shipping', 'execute', 1), 'SUCCESS')), 'finished');
    });

    it('undoes the steps before a pivot that fails for good, newest first', () => {
      const driver = startedAt('authorize_payment');
      const undone: string[] = [];
      let lines = driver.fail('PAYMENT_DECLINED', 'card declined');
      assert.deepEqual(outcomes(driver.observations), ['authorize_payment EXECUTE 1 failure'], 'no retry');
      while (driver.instance.phase === 'COMPENSATING') {
        undone.push(...lines.filter((line) => line.startsWith('command')));
        lines = driver.succeed();
      }
      assert.deepEqual(undone, [
        `command ${cmd('check_fraud', 'compensate', 1)}`,
        `command ${cmd('reserve_stock', 'compensate', 1)}`,
      ]);
      assert.deepEqual(lines, [
        'event 8 COMPENSATED authorize_payment 50% 2/4 compensated [PAYMENT_DECLINED: authorize_payment: card declined]',
      ]);
    });
  });

  describe('after the pivot', () => {
    it('retries a retriable step past failures and timeouts, backing off more each time, to success', () => {
      const driver = startedAt('schedule_shipping');
      const [failed] = driver.fail('CARRIER_DOWN', 'no carrier');
      const first = retryDelay(driver, 50, 100);
      assert.equal(
        failed,
        `event 8 RUNNING schedule_shipping 75% 3/4 attempt 1 failed (CARRIER_DOWN: no carrier); retrying in ${first} ms`,
      );
      driver.fireDeadline();
      const [timedOut] = driver.fireDeadline();
      const second = retryDelay(driver, 150, 300);
      assert.equal(
        timedOut,
        `event 10 RUNNING schedule_shipping 75% 3/4 attempt 2 failed (TIMEOUT: no reply within 1000 ms); retrying in ${second} ms`,
      );
      assert.deepEqual(driver.fireDeadline(), [
        'event 11 RUNNING schedule_shipping 75% 3/4 attempt 3 started',
        `command ${cmd('schedule_shipping', 'execute', 3)}`,
      ]);
      assert.deepEqual(driver.succeed(), [
        'event 12 RUNNING schedule_shipping 100% 4/4 done',
        'event 13 SUCCEEDED schedule_shipping 100% 4/4 succeeded',
      ]);
    });

    it('ends FAILED RETRIES_EXHAUSTED when a retriable step runs out of attempts', () => {
      const driver = startedAt('schedule_shipping');
      for (let attempt = 1; attempt < 3; attempt++) {
        driver.fail('CARRIER_DOWN', 'no carrier');
        driver.fireDeadline();
      }
      assert.deepEqual(driver.fail('CARRIER_DOWN', 'no carrier'), [
        'event 12 FAILED schedule_shipping 75% 3/4 failed [RETRIES_EXHAUSTED: schedule_shipping: no carrier (attempt 3 of 3); ' +
          'the saga is past its point of no return, so an operator must finish it]',
      ]);
      assert.deepEqual(driver.instance.toCompensate, [], 'nothing is undone past the pivot');
    });
  });

  it('retries a compensation with capped backoff, through failures and timeouts, until it succeeds', () => {
    const driver = startedAt('check_fraud');
    driver.fail('FRAUD', 'suspicious');
    const [failed] = driver.fail('STOCK_DB_DOWN', 'db down');
    const delay = retryDelay(driver, 25, 50);
    assert.equal(
      failed,
      `event 5 COMPENSATING reserve_stock 25% 1/4 undo attempt 1 failed (STOCK_DB_DOWN: db down); retrying in ${delay} ms`,
    );
    assert.deepEqual(driver.fireDeadline(), [
      'event 6 COMPENSATING reserve_stock 25% 1/4 undo attempt 2 started',
      `command ${cmd('reserve_stock', 'compensate', 2)}`,
    ]);
    const [timedOut] = driver.fireDeadline();
    assert.match(
      timedOut ?? '',
      /undo attempt 2 failed \(TIMEOUT: no reply within 1000 ms\); retrying in \d+ ms$/,
    );
    assert.deepEqual(outcomes(driver.observations), [
      'reserve_stock COMPENSATE 2 timeout',
      'retry reserve_stock COMPENSATE',
    ]);
    retryDelay(driver, 50, 100);
    for (let attempt = 3; attempt <= 12; attempt++) {
      driver.fireDeadline();
      driver.fail('STOCK_DB_DOWN', 'db down');
      assert.equal(driver.instance.phase, 'COMPENSATING', `still undoing after attempt ${attempt}`);
      retryDelay(driver, 100, 200);
    }
    driver.fireDeadline();
    assert.equal(driver.current.attempt, 13);
    assert.deepEqual(driver.succeed(), [
      'event 29 COMPENSATED check_fraud 25% 1/4 compensated [FRAUD: check_fraud: suspicious]',
    ]);
  });

  it('raises percent with progress reports and ignores stale ones', () => {
    const { driver } = SagaDriver.start(saga);
    const id = cmd('reserve_stock', 'execute', 1);
    assert.deepEqual(driver.apply(progress(id, 40, 'reserving')), [
      'event 2 RUNNING reserve_stock 10% 0/4 reserving',
    ]);
    assert.equal(driver.ignored(progress(id, 40)), 'stale_progress');
    assert.equal(driver.ignored(progress(id, 30)), 'stale_progress');
    assert.deepEqual(driver.apply(progress(id, 250)), ['event 3 RUNNING reserve_stock 25% 0/4 100%']);
    assert.equal(driver.instance.deadline, T0 + 1000, 'progress does not extend the timeout');
    driver.succeed();
    const next = cmd('check_fraud', 'execute', 1);
    assert.deepEqual(driver.apply(progress(next, 50.9)), ['event 6 RUNNING check_fraud 38% 1/4 50%']);
    assert.equal(driver.ignored(progress(id, 90)), 'duplicate', 'progress of an answered command');
    assert.deepEqual(driver.succeed(), [
      'event 7 RUNNING check_fraud 50% 2/4 done',
      'event 8 RUNNING authorize_payment 50% 2/4 started',
      `command ${cmd('authorize_payment', 'execute', 1)}`,
    ]);
  });

  describe('cancel', () => {
    it('before the pivot abandons the command in flight and undoes it and the completed steps, newest first', () => {
      const driver = startedAt('check_fraud');
      driver.now += 100;
      assert.deepEqual(driver.apply({ kind: 'cancel', reason: 'changed my mind' }), [
        'event 4 COMPENSATING check_fraud 25% 1/4 undoing',
        `command ${cmd('check_fraud', 'compensate', 1)}`,
      ]);
      assert.deepEqual(outcomes(driver.observations), ['cancel accepted', 'check_fraud EXECUTE 1 abandoned']);
      assert.deepEqual(driver.instance.abandoned, [cmd('check_fraud', 'execute', 1)]);
      assert.equal(driver.ignored(reply(cmd('check_fraud', 'execute', 1), 'SUCCESS')), 'late');
      assert.equal(driver.ignored({ kind: 'cancel', reason: 'again' }), 'not_applicable');
      assert.deepEqual(driver.succeed(), [
        'event 5 COMPENSATING reserve_stock 25% 1/4 undoing',
        `command ${cmd('reserve_stock', 'compensate', 1)}`,
      ]);
      assert.deepEqual(driver.succeed(), [
        'event 6 CANCELLED  25% 1/4 cancelled [CANCELLED: changed my mind]',
      ]);
      assert.equal(driver.instance.phase, 'CANCELLED');
      assert.equal(driver.ignored({ kind: 'cancel', reason: 'again' }), 'finished');
    });

    it('during a retry backoff ends CANCELLED at once: the failed attempt did nothing to undo', () => {
      const { driver } = SagaDriver.start(saga);
      driver.fail('STOCK_DB_DOWN', 'db down');
      assert.deepEqual(driver.apply({ kind: 'cancel', reason: '' }), [
        'event 3 CANCELLED  0% 0/4 cancelled [CANCELLED: cancelled]',
      ]);
      assert.deepEqual(outcomes(driver.observations), ['cancel accepted']);
      assert.equal(driver.instance.deadline, null, 'the pending retry is dropped');
    });

    it('at the pivot is refused with an event that says why, and the saga goes on to finish', () => {
      const driver = startedAt('authorize_payment');
      const before = driver.instance;
      assert.deepEqual(driver.apply({ kind: 'cancel', reason: 'too late?' }), [
        'event 6 RUNNING authorize_payment 50% 2/4 cancel refused: authorize_payment is the point of no return and has started (cancel refused)',
      ]);
      assert.deepEqual(outcomes(driver.observations), ['cancel refused']);
      assert.deepEqual(driver.instance.current, before.current, 'the attempt in flight is untouched');
      assert.equal(driver.instance.deadline, before.deadline);
      assert.equal(driver.instance.cancelReason, null);
      driver.succeed();
      assert.deepEqual(driver.apply({ kind: 'cancel', reason: 'now?' }), [
        'event 9 RUNNING schedule_shipping 75% 3/4 cancel refused: authorize_payment is the point of no return and has started (cancel refused)',
      ]);
      assert.deepEqual(driver.succeed(), [
        'event 10 RUNNING schedule_shipping 100% 4/4 done',
        'event 11 SUCCEEDED schedule_shipping 100% 4/4 succeeded',
      ]);
    });
  });

  describe('semantic lock at start', () => {
    it('runs at once with the lock acquired, and remembers its key', () => {
      const { driver, effects } = SagaDriver.start(waiting, { lock: { key: LOCK_KEY, acquired: true } });
      assert.deepEqual(effects, [
        'event 1 RUNNING reserve_stock 0% 0/4 started',
        `command ${cmd('reserve_stock', 'execute', 1)}`,
      ]);
      assert.equal(driver.instance.lockKey, LOCK_KEY);
    });

    it('waits for a busy lock, rechecks it on its timer, and runs once it gets it', () => {
      const { driver, effects } = SagaDriver.start(waiting, { lock: { key: LOCK_KEY, acquired: false } });
      assert.deepEqual(effects, [
        'event 1 RUNNING reserve_stock 0% 0/4 waiting for another order.place job on the same record',
      ]);
      assert.equal(driver.instance.phase, 'WAITING_LOCK');
      assert.equal(driver.instance.current, null);
      assert.equal(driver.instance.deadline, T0 + 5000, 'rechecked within the lease');
      assert.equal(driver.instance.lockKey, LOCK_KEY);

      assert.equal(
        driver.ignored({ kind: 'deadline' }, T0 + 5000),
        'not_applicable',
        'the orchestrator tries the lock',
      );
      assert.deepEqual(driver.apply({ kind: 'lock', acquired: false }, T0 + 5000), []);
      assert.equal(driver.instance.phase, 'WAITING_LOCK');
      assert.equal(driver.instance.deadline, T0 + 10_000);

      assert.deepEqual(driver.apply({ kind: 'lock', acquired: true }, T0 + 6000), [
        'event 2 RUNNING reserve_stock 0% 0/4 started',
        `command ${cmd('reserve_stock', 'execute', 1)}`,
      ]);
      assert.equal(driver.instance.deadline, T0 + 7000);
      assert.equal(driver.ignored({ kind: 'lock', acquired: true }), 'not_applicable');
    });

    it('rechecks a lock with a long lease at most every 30 s', () => {
      const longLease = testSaga({ onBusy: 'wait', leaseMs: 120_000 });
      const { driver } = SagaDriver.start(longLease, { lock: { key: LOCK_KEY, acquired: false } });
      assert.equal(driver.instance.deadline, T0 + 30_000);
    });

    it('ends CANCELLED when cancelled while waiting, keeping the key so the store can take it off the queue', () => {
      const { driver } = SagaDriver.start(waiting, { lock: { key: LOCK_KEY, acquired: false } });
      assert.deepEqual(driver.apply({ kind: 'cancel', reason: 'user asked' }), [
        'event 2 CANCELLED  0% 0/4 cancelled [CANCELLED: user asked]',
      ]);
      assert.deepEqual(outcomes(driver.observations), ['cancel accepted']);
      assert.equal(driver.instance.lockKey, LOCK_KEY);
      assert.equal(driver.ignored({ kind: 'lock', acquired: true }), 'finished');
    });

    it('ends FAILED BUSY at once when the saga rejects on a busy lock, holding no key', () => {
      const { driver, effects } = SagaDriver.start(rejecting, { lock: { key: LOCK_KEY, acquired: false } });
      assert.deepEqual(effects, [
        'event 1 FAILED reserve_stock 0% 0/4 failed [BUSY: another order.place job is working on the same record]',
      ]);
      assert.equal(driver.instance.phase, 'FAILED');
      assert.equal(driver.instance.lockKey, null);
      assert.equal(driver.instance.deadline, null);
    });
  });

  describe('ignored inputs', () => {
    it('tells duplicate, late, wrong_step, finished, not_due and not_applicable apart', () => {
      const { driver } = SagaDriver.start(saga);
      const first = cmd('reserve_stock', 'execute', 1);
      assert.equal(driver.ignored(reply(cmd('reserve_stock', 'execute', 2), 'SUCCESS')), 'wrong_step');
      assert.equal(driver.ignored(reply(cmd('check_fraud', 'execute', 1), 'SUCCESS')), 'wrong_step');
      assert.equal(driver.ignored(reply(cmd('reserve_stock', 'compensate', 1), 'SUCCESS')), 'wrong_step');
      assert.equal(driver.ignored(reply('job-2:reserve_stock:execute:1', 'SUCCESS')), 'wrong_step');
      assert.equal(driver.ignored({ kind: 'deadline' }, T0 + 999), 'not_due');
      assert.equal(driver.ignored({ kind: 'lock', acquired: true }), 'not_applicable');

      driver.fail('STOCK_DB_DOWN', 'db down');
      assert.equal(driver.ignored(reply(first, 'SUCCESS')), 'duplicate', 'the failure was applied');
      assert.equal(
        driver.ignored(reply(cmd('reserve_stock', 'execute', 2), 'SUCCESS')),
        'wrong_step',
        'not sent yet',
      );

      driver.fireDeadline();
      driver.fireDeadline();
      assert.equal(driver.ignored(reply(cmd('reserve_stock', 'execute', 2), 'SUCCESS')), 'late');

      driver.fireDeadline();
      driver.fail('OUT_OF_STOCK', 'gone');
      assert.equal(driver.instance.phase, 'COMPENSATING');
      const undo = cmd('reserve_stock', 'compensate', 1);
      assert.equal(driver.ignored(progress(undo, 50)), 'not_applicable', 'an undo reports no progress');
      driver.succeed();
      assert.equal(driver.instance.phase, 'COMPENSATED');

      assert.equal(driver.ignored(reply(undo, 'SUCCESS')), 'duplicate');
      assert.equal(
        driver.ignored(reply(cmd('reserve_stock', 'execute', 2), 'SUCCESS')),
        'late',
        'late stays late',
      );
      assert.equal(driver.ignored(reply(cmd('check_fraud', 'execute', 1), 'FAILURE')), 'finished');
      assert.equal(driver.ignored(progress(cmd('check_fraud', 'execute', 1), 10)), 'finished');
      assert.equal(driver.ignored({ kind: 'deadline' }, T0 + 1_000_000), 'finished');
      assert.equal(driver.ignored({ kind: 'lock', acquired: true }), 'finished');
      assert.equal(driver.ignored({ kind: 'cancel', reason: '' }), 'finished');
    });

    it('returns nothing but the reason: no instance and no effects', () => {
      const { driver } = SagaDriver.start(saga);
      const transition = applyInput(saga, driver.instance, reply('job-1:other:execute:1', 'SUCCESS'), T0);
      assert.deepEqual(transition, { applied: false, reason: 'wrong_step' });
    });
  });

  it('is deterministic: the same input on the same instance at the same time gives the same transition', () => {
    const driver = startedAt('check_fraud');
    const input = reply(driver.current.commandId, 'FAILURE', { errorCode: 'FRAUD', reason: 'suspicious' });
    const a = applyInput(saga, driver.instance, input, T0 + 77);
    const b = applyInput(saga, structuredClone(driver.instance), input, T0 + 77);
    assert.deepEqual(a, b);
    const timedOut = (at: number) => applyInput(saga, driver.instance, { kind: 'deadline' }, at);
    assert.deepEqual(
      timedOut(T0 + 5000),
      timedOut(T0 + 5000),
      'a timeout and its retry delay are recomputed alike',
    );
    assert.notDeepEqual(timedOut(T0 + 5000), timedOut(T0 + 5001), 'the clock is the only source of time');
  });

  it('took, in the tests above, exactly the edges the transition table declares', () => {
    const declared = Object.entries(TRANSITIONS).flatMap(([phase, inputs]) =>
      Object.entries(inputs).flatMap(([input, entry]) =>
        (entry?.to ?? []).map((to) => `${phase} ${input} ${to}`),
      ),
    );
    assert.deepEqual([...edgesTaken].sort(), declared.sort());
  });
});
