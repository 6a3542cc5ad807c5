import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TOPICS } from '@jobtrack/contracts';
import {
  applyReply,
  beginSaga,
  defineSaga,
  type ReplyOutcome,
  type SagaEffect,
  type SagaInstance,
  type StepAction,
  TRANSITIONS,
} from '../../src/index.ts';

const saga = defineSaga({
  type: 'order.place',
  steps: [
    { name: 'reserve_stock', participant: TOPICS.inventoryCommands, compensate: true },
    { name: 'check_fraud', participant: TOPICS.paymentCommands, compensate: false },
    { name: 'authorize_payment', participant: TOPICS.paymentCommands, compensate: true },
    { name: 'schedule_shipping', participant: TOPICS.shippingCommands, compensate: true },
  ],
});

/** Effects as one readable line each: what is asserted is the order and content of what gets published. */
function describeEffects(effects: readonly SagaEffect[]): string[] {
  return effects.map((effect) =>
    effect.kind === 'command'
      ? `command ${effect.id} -> ${effect.step.participant.name}`
      : `event ${effect.seq} ${effect.status} ${effect.progress.step} ${effect.progress.percent}% ${effect.progress.message}` +
        (effect.error ? ` [${effect.error.code}: ${effect.error.message}]` : ''),
  );
}

function start(): SagaInstance {
  return beginSaga(saga, { sagaId: 'j1', jobId: 'j1', owner: 'alice', payloadJson: '{}' }).instance;
}

function reply(
  instance: SagaInstance,
  step: string,
  action: StepAction,
  outcome: ReplyOutcome,
  extra: { reason?: string; resultJson?: string } = {},
): { instance: SagaInstance; effects: string[] } {
  const transition = applyReply(saga, instance, {
    step,
    action,
    outcome,
    reason: extra.reason ?? '',
    resultJson: extra.resultJson ?? '',
  });
  assert.ok(transition.applied, `reply ${step} ${action} ${outcome} applied`);
  return { instance: transition.instance, effects: describeEffects(transition.effects) };
}

describe('saga state machine', () => {
  it('has a reply table per phase, empty for the terminal phases', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(TRANSITIONS).map(([phase, row]) => [phase, Object.keys(row)])),
      {
        EXECUTING: ['SUCCESS', 'FAILURE'],
        COMPENSATING: ['SUCCESS', 'FAILURE'],
        SUCCEEDED: [],
        COMPENSATED: [],
        FAILED: [],
      },
    );
  });

  it('starts by executing the first step', () => {
    const { instance, effects } = beginSaga(saga, {
      sagaId: 'j1',
      jobId: 'j1',
      owner: 'alice',
      payloadJson: '{}',
    });
    assert.deepEqual(describeEffects(effects), [
      'event 1 RUNNING reserve_stock 0% started',
      'command j1:reserve_stock:execute -> jobtrack.order.inventory.commands.v1',
    ]);
    assert.equal(instance.phase, 'EXECUTING');
    assert.deepEqual(instance.awaiting, { step: 'reserve_stock', action: 'EXECUTE' });
  });

  it('runs every step in order, then succeeds with the results merged', () => {
    let state = start();
    const steps: string[][] = [];
    for (const step of saga.steps) {
      const next = reply(state, step.name, 'EXECUTE', 'SUCCESS', {
        resultJson: JSON.stringify({ ok: step.name }),
      });
      steps.push(next.effects);
      state = next.instance;
    }
    assert.deepEqual(steps, [
      [
        'event 2 RUNNING reserve_stock 25% done',
        'event 3 RUNNING check_fraud 25% started',
        'command j1:check_fraud:execute -> jobtrack.order.payment.commands.v1',
      ],
      [
        'event 4 RUNNING check_fraud 50% done',
        'event 5 RUNNING authorize_payment 50% started',
        'command j1:authorize_payment:execute -> jobtrack.order.payment.commands.v1',
      ],
      [
        'event 6 RUNNING authorize_payment 75% done',
        'event 7 RUNNING schedule_shipping 75% started',
        'command j1:schedule_shipping:execute -> jobtrack.order.shipping.commands.v1',
      ],
      ['event 8 RUNNING schedule_shipping 100% done', 'event 9 SUCCEEDED schedule_shipping 100% succeeded'],
    ]);
    assert.equal(state.phase, 'SUCCEEDED');
    assert.equal(state.awaiting, null);
    assert.deepEqual(state.results, {
      reserve_stock: { ok: 'reserve_stock' },
      check_fraud: { ok: 'check_fraud' },
      authorize_payment: { ok: 'authorize_payment' },
      schedule_shipping: { ok: 'schedule_shipping' },
    });
  });

  it('compensates completed steps in reverse order, skipping those without a compensation', () => {
    let state = start();
    for (const name of ['reserve_stock', 'check_fraud', 'authorize_payment']) {
      state = reply(state, name, 'EXECUTE', 'SUCCESS').instance;
    }
    const failed = reply(state, 'schedule_shipping', 'EXECUTE', 'FAILURE', { reason: 'no carrier' });
    assert.deepEqual(failed.effects, [
      'event 8 COMPENSATING authorize_payment 75% compensating',
      'command j1:authorize_payment:compensate -> jobtrack.order.payment.commands.v1',
    ]);
    const undone = reply(failed.instance, 'authorize_payment', 'COMPENSATE', 'SUCCESS');
    assert.deepEqual(undone.effects, [
      'event 9 COMPENSATING reserve_stock 75% compensating',
      'command j1:reserve_stock:compensate -> jobtrack.order.inventory.commands.v1',
    ]);
    const done = reply(undone.instance, 'reserve_stock', 'COMPENSATE', 'SUCCESS');
    assert.deepEqual(done.effects, [
      'event 10 COMPENSATED schedule_shipping 75% compensated [STEP_FAILED: schedule_shipping: no carrier]',
    ]);
    assert.equal(done.instance.phase, 'COMPENSATED');
    assert.deepEqual(done.instance.failure, { step: 'schedule_shipping', reason: 'no carrier' });
  });

  it('ends compensated at once when the first step fails', () => {
    const failed = reply(start(), 'reserve_stock', 'EXECUTE', 'FAILURE', { reason: 'out of stock' });
    assert.deepEqual(failed.effects, [
      'event 2 COMPENSATED reserve_stock 0% compensated [STEP_FAILED: reserve_stock: out of stock]',
    ]);
  });

  it('fails the saga when a compensation fails', () => {
    let state = reply(start(), 'reserve_stock', 'EXECUTE', 'SUCCESS').instance;
    state = reply(state, 'check_fraud', 'EXECUTE', 'FAILURE', { reason: 'suspicious' }).instance;
    const failed = reply(state, 'reserve_stock', 'COMPENSATE', 'FAILURE', { reason: 'warehouse offline' });
    assert.deepEqual(failed.effects, [
      'event 5 FAILED reserve_stock 25% failed [COMPENSATION_FAILED: reserve_stock: warehouse offline ' +
        '(undoing after check_fraud: suspicious)]',
    ]);
    assert.equal(failed.instance.phase, 'FAILED');
  });

  it('ignores duplicated, unexpected and late replies without changing the instance', () => {
    const started = start();
    const snapshot = structuredClone(started);
    const afterFirst = reply(started, 'reserve_stock', 'EXECUTE', 'SUCCESS').instance;
    const ignored = (instance: SagaInstance, step: string, action: StepAction, outcome: ReplyOutcome) => {
      const transition = applyReply(saga, instance, { step, action, outcome, reason: '', resultJson: '' });
      return transition.applied ? 'applied' : transition.reason;
    };
    assert.equal(ignored(afterFirst, 'reserve_stock', 'EXECUTE', 'SUCCESS'), 'duplicate');
    assert.equal(ignored(afterFirst, 'reserve_stock', 'EXECUTE', 'FAILURE'), 'duplicate');
    assert.equal(ignored(afterFirst, 'authorize_payment', 'EXECUTE', 'SUCCESS'), 'wrong_step');
    assert.equal(ignored(afterFirst, 'check_fraud', 'COMPENSATE', 'SUCCESS'), 'wrong_step');
    const failed = reply(afterFirst, 'check_fraud', 'EXECUTE', 'FAILURE').instance;
    const finished = reply(failed, 'reserve_stock', 'COMPENSATE', 'SUCCESS').instance;
    assert.equal(ignored(finished, 'schedule_shipping', 'EXECUTE', 'SUCCESS'), 'finished');
    assert.deepEqual(started, snapshot, 'applyReply does not mutate its input');
  });
});

describe('defineSaga', () => {
  it('rejects a saga without steps or with a step name twice', () => {
    assert.throws(() => defineSaga({ type: 't', steps: [] }), /no steps/);
    const step = { name: 'a', participant: TOPICS.inventoryCommands, compensate: true };
    assert.throws(() => defineSaga({ type: 't', steps: [step, step] }), /appears twice/);
    assert.throws(() => defineSaga({ type: 't', steps: [{ ...step, name: 'Bad:Name' }] }), /bad step name/);
  });
});
