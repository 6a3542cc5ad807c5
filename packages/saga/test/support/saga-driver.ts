import assert from 'node:assert/strict';
import {
  applyInput,
  beginSaga,
  commandId,
  eventId,
  type IgnoreReason,
  type InputKind,
  type LockAtStart,
  type SagaDefinition,
  type SagaEffect,
  type SagaInput,
  type SagaInstance,
  type SagaObservation,
  type SagaPhase,
  TRANSITIONS,
} from '../../src/index.ts';

/** A fixed clock origin: the machine only knows the `now` it is given. */
export const T0 = 1_000_000;

/** Every (phase, input, phase) edge a test took, to hold the declared table to what the machine really does. */
export const edgesTaken = new Set<string>();

function kindOf(input: SagaInput): InputKind {
  if (input.kind === 'reply') return input.outcome;
  return input.kind.toUpperCase() as InputKind;
}

/**
 * applyInput with the checks every transition must pass: it is deterministic, leaves its input instance
 * alone, lands in a phase the table declares for it, and an ignored input yields nothing but its reason.
 */
export function checkedApply(
  definition: SagaDefinition,
  instance: SagaInstance,
  input: SagaInput,
  now: number,
) {
  const before = structuredClone(instance);
  const transition = applyInput(definition, instance, input, now);
  assert.deepEqual(
    applyInput(definition, instance, input, now),
    transition,
    'the same input, the same result',
  );
  assert.deepEqual(instance, before, 'the instance given is not changed');
  if (!transition.applied) {
    assert.deepEqual(Object.keys(transition).sort(), ['applied', 'reason']);
    return transition;
  }
  const kind = kindOf(input);
  const entry = TRANSITIONS[instance.phase][kind];
  assert.ok(entry, `${instance.phase} has no entry for ${kind}`);
  assert.ok(
    entry.to.includes(transition.instance.phase),
    `${instance.phase} + ${kind} went to ${transition.instance.phase}, not one of ${entry.to.join(', ')}`,
  );
  edgesTaken.add(`${instance.phase} ${kind} ${transition.instance.phase}`);
  return transition;
}

/** One effect per line, as readable as a log: what is asserted is what gets published, in order. */
export function describeEffects(effects: readonly SagaEffect[]): string[] {
  return effects.map((effect) => {
    if (effect.kind === 'command') return `command ${effect.id}`;
    const { percent, step, message, stepsDone, stepsTotal } = effect.progress;
    const error = effect.error ? ` [${effect.error.code}: ${effect.error.message}]` : '';
    const refused = effect.cancelRefused ? ' (cancel refused)' : '';
    return `event ${effect.seq} ${effect.status} ${step} ${percent}% ${stepsDone}/${stepsTotal} ${message}${error}${refused}`;
  });
}

/** Ids and seqs follow from the instance: seq grows by one per event, ids are the deterministic ones. */
function checkEffects(previousSeq: number, instance: SagaInstance, effects: readonly SagaEffect[]): void {
  let seq = previousSeq;
  for (const effect of effects) {
    if (effect.kind === 'event') {
      seq += 1;
      assert.equal(effect.seq, seq);
      assert.equal(effect.id, eventId(instance.sagaId, seq));
    } else {
      assert.equal(effect.id, commandId(instance.sagaId, effect.step, effect.action, effect.attempt));
    }
  }
  assert.equal(instance.seq, seq, 'the instance remembers the last seq');
}

/** A saga driven input by input, with its clock; each step returns the effects as describeEffects lines. */
export class SagaDriver {
  readonly definition: SagaDefinition;
  instance: SagaInstance;
  now: number;
  /** What the last transition produced, beyond the effect lines each step returns. */
  effects: SagaEffect[] = [];
  observations: SagaObservation[] = [];

  private constructor(definition: SagaDefinition, instance: SagaInstance, now: number) {
    this.definition = definition;
    this.instance = instance;
    this.now = now;
  }

  static start(
    definition: SagaDefinition,
    options: { sagaId?: string; lock?: LockAtStart | null; now?: number } = {},
  ): { driver: SagaDriver; effects: string[] } {
    const sagaId = options.sagaId ?? 'job-1';
    const now = options.now ?? T0;
    const start = {
      sagaId,
      jobId: sagaId,
      owner: 'alice',
      payloadJson: JSON.stringify({ orderId: 'o-1' }),
      origin: null,
    };
    const lock = options.lock ?? null;
    const begun = beginSaga(definition, start, lock, now);
    assert.deepEqual(beginSaga(definition, start, lock, now), begun, 'the same start, the same result');
    const allowed: SagaPhase[] = ['EXECUTING', 'WAITING_LOCK', 'FAILED'];
    assert.ok(allowed.includes(begun.instance.phase));
    checkEffects(0, begun.instance, begun.effects);
    const driver = new SagaDriver(definition, begun.instance, now);
    driver.effects = begun.effects;
    driver.observations = begun.observations;
    return { driver, effects: describeEffects(begun.effects) };
  }

  get current() {
    const { current } = this.instance;
    assert.ok(current, `saga in ${this.instance.phase} has no current step`);
    return current;
  }

  /** Applies an input that must be applied, at `at` (the driver's clock moves there). */
  apply(input: SagaInput, at = this.now): string[] {
    this.now = at;
    const previousSeq = this.instance.seq;
    const transition = checkedApply(this.definition, this.instance, input, at);
    assert.ok(
      transition.applied,
      `${input.kind} was ignored: ${transition.applied ? '' : transition.reason}`,
    );
    checkEffects(previousSeq, transition.instance, transition.effects);
    this.instance = transition.instance;
    this.effects = transition.effects;
    this.observations = transition.observations;
    return describeEffects(transition.effects);
  }

  /** Applies an input that must be ignored, and tells why. */
  ignored(input: SagaInput, at = this.now): IgnoreReason {
    const transition = checkedApply(this.definition, this.instance, input, at);
    if (transition.applied) assert.fail(`${input.kind} should have been ignored`);
    return transition.reason;
  }

  succeed(resultJson = '', id = this.current.commandId): string[] {
    return this.apply(reply(id, 'SUCCESS', { resultJson }));
  }

  fail(errorCode: string, reason: string, id = this.current.commandId): string[] {
    return this.apply(reply(id, 'FAILURE', { errorCode, reason }));
  }

  /** Moves the clock to the saga's deadline and fires it. */
  fireDeadline(): string[] {
    const { deadline } = this.instance;
    assert.ok(deadline !== null, 'the saga has a deadline');
    return this.apply({ kind: 'deadline' }, deadline);
  }
}

export function reply(
  id: string,
  outcome: 'SUCCESS' | 'FAILURE',
  extra: { errorCode?: string; reason?: string; resultJson?: string } = {},
): SagaInput {
  return {
    kind: 'reply',
    commandId: id,
    outcome,
    errorCode: extra.errorCode ?? '',
    reason: extra.reason ?? '',
    resultJson: extra.resultJson ?? '',
  };
}

export function progress(id: string, percent: number, message = ''): SagaInput {
  return { kind: 'progress', commandId: id, percent, message };
}
