import { JOB_ERROR_CODES, type JobStatusName } from '@jobtrack/contracts';
import { backoffDelay } from './backoff.ts';
import {
  DEFAULT_COMPENSATION_BACKOFF,
  findStep,
  pointOfNoReturn,
  retryPolicyOf,
  type SagaDefinition,
  type SagaStep,
} from './definition.ts';
import {
  commandId,
  eventId,
  isFinished,
  type JobEventEffect,
  type SagaEffect,
  type SagaInstance,
  type SagaObservation,
  type SagaPhase,
  type StepAction,
  type TerminalPhase,
} from './instance.ts';

/**
 * The saga as a pure state machine: (instance, input, now) -> (next instance, effects). It does no I/O, so
 * every transition is unit-tested without a bus or a store, and the orchestrator only stores and publishes
 * what it returns.
 */

export type SagaInput =
  | {
      kind: 'reply';
      commandId: string;
      outcome: 'SUCCESS' | 'FAILURE';
      errorCode: string;
      reason: string;
      resultJson: string;
    }
  | { kind: 'progress'; commandId: string; percent: number; message: string }
  /** The saga's timer fired: an attempt's timeout, a retry's backoff or a lock recheck. */
  | { kind: 'deadline' }
  /** The orchestrator tried the semantic lock for a waiting saga. */
  | { kind: 'lock'; acquired: boolean }
  | { kind: 'cancel'; reason: string };

/** What an input is, as the transition table knows it: a reply counts by its outcome. */
export type InputKind = 'SUCCESS' | 'FAILURE' | 'PROGRESS' | 'DEADLINE' | 'LOCK' | 'CANCEL';

export type IgnoreReason =
  | 'unknown_saga'
  | 'duplicate'
  | 'late'
  | 'finished'
  | 'wrong_step'
  | 'invalid_reply'
  | 'stale_progress'
  | 'not_due'
  | 'not_applicable';

export type Transition =
  | { applied: true; instance: SagaInstance; effects: SagaEffect[]; observations: SagaObservation[] }
  | { applied: false; reason: IgnoreReason };

const LOCK_RECHECK_MAX_MS = 30_000;

/** The working copy of one transition: the next instance and what it produces, in order. */
class Draft {
  readonly definition: SagaDefinition;
  readonly instance: SagaInstance;
  readonly now: number;
  readonly effects: SagaEffect[] = [];
  readonly observations: SagaObservation[] = [];

  constructor(definition: SagaDefinition, instance: SagaInstance, now: number) {
    this.definition = definition;
    this.instance = instance;
    this.now = now;
  }

  step(name: string): SagaStep {
    return findStep(this.definition, name);
  }

  get current() {
    const { current } = this.instance;
    if (!current)
      throw new Error(`saga ${this.instance.sagaId} in ${this.instance.phase} has no current step`);
    return current;
  }

  emit(status: JobStatusName, step: string, message: string, extra: Partial<JobEventEffect> = {}): void {
    const seq = ++this.instance.seq;
    this.effects.push({
      kind: 'event',
      id: eventId(this.instance.sagaId, seq),
      seq,
      status,
      progress: {
        percent: this.instance.percent,
        step,
        message,
        stepsDone: this.instance.completed.length,
        stepsTotal: this.definition.steps.length,
      },
      error: null,
      resultJson: '',
      cancelRefused: false,
      ...extra,
    });
  }

  /** Sends an attempt of a step and arms its timeout. */
  send(step: string, action: StepAction, attempt: number, uncertain: boolean): void {
    const id = commandId(this.instance.sagaId, step, action, attempt);
    this.instance.current = {
      step,
      action,
      attempt,
      state: 'awaiting',
      commandId: id,
      startedAt: this.now,
      percent: 0,
      uncertain,
    };
    this.instance.deadline = this.now + this.step(step).timeoutMs;
    this.effects.push({ kind: 'command', id, step, action, attempt });
  }

  attemptEnded(outcome: 'success' | 'failure' | 'timeout' | 'abandoned'): void {
    const { step, action, attempt, startedAt } = this.current;
    this.observations.push({ kind: 'attempt_ended', step, action, attempt, outcome, startedAt });
  }

  finish(phase: TerminalPhase, step: string, extra: Partial<JobEventEffect> = {}): void {
    this.instance.phase = phase;
    this.instance.current = null;
    this.instance.deadline = null;
    this.emit(phase, step, phase.toLowerCase(), extra);
  }
}

type Handler = (draft: Draft, input: SagaInput) => IgnoreReason | undefined;

function execute(draft: Draft, index: number): void {
  const step = draft.definition.steps[index] as SagaStep;
  draft.instance.phase = 'EXECUTING';
  draft.emit('RUNNING', step.name, 'started');
  draft.send(step.name, 'EXECUTE', 1, false);
}

const stepSucceeded: Handler = (draft, input) => {
  if (input.kind !== 'reply') return 'invalid_reply';
  const { instance, definition } = draft;
  const { step } = draft.current;
  draft.attemptEnded('success');
  instance.answered.push(input.commandId);
  instance.completed.push(step);
  instance.results[step] = parseResult(input.resultJson);
  instance.current = null;
  instance.deadline = null;
  instance.percent = Math.round((100 * instance.completed.length) / definition.steps.length);
  draft.emit('RUNNING', step, 'done');
  if (instance.completed.length < definition.steps.length) execute(draft, instance.completed.length);
  else draft.finish('SUCCEEDED', step, { resultJson: JSON.stringify(instance.results) });
  return undefined;
};

const attemptReplied: Handler = (draft, input) => {
  if (input.kind !== 'reply') return 'invalid_reply';
  draft.attemptEnded('failure');
  draft.instance.answered.push(input.commandId);
  attemptFailed(draft, {
    code: input.errorCode || 'STEP_FAILED',
    message: input.reason || 'no reason given',
    timedOut: false,
  });
  return undefined;
};

const deadlinePassed: Handler = (draft) => {
  const current = draft.current;
  if (current.state === 'backoff') {
    draft.emit(
      draft.instance.phase === 'COMPENSATING' ? 'COMPENSATING' : 'RUNNING',
      current.step,
      `${current.action === 'COMPENSATE' ? 'undo ' : ''}attempt ${current.attempt + 1} started`,
    );
    draft.send(current.step, current.action, current.attempt + 1, current.uncertain);
    return undefined;
  }
  draft.attemptEnded('timeout');
  draft.instance.abandoned.push(current.commandId);
  current.uncertain = true;
  const { timeoutMs } = draft.step(current.step);
  attemptFailed(draft, { code: 'TIMEOUT', message: `no reply within ${timeoutMs} ms`, timedOut: true });
  return undefined;
};

interface AttemptFailure {
  code: string;
  message: string;
  timedOut: boolean;
}

/**
 * The rules of the three kinds: retry while the policy allows; then undo (before the pivot), or stop for an
 * operator (a retriable step out of attempts, or a pivot whose outcome a timeout left unknown).
 */
function attemptFailed(draft: Draft, failure: AttemptFailure): void {
  const current = draft.current;
  if (current.action === 'COMPENSATE') {
    scheduleRetry(draft, draft.definition.compensationBackoff ?? DEFAULT_COMPENSATION_BACKOFF, failure);
    return;
  }
  const step = draft.step(current.step);
  const policy = retryPolicyOf(step);
  const retryable = !(policy.nonRetryable ?? []).includes(failure.code);
  if (retryable && current.attempt < policy.maxAttempts) {
    scheduleRetry(draft, policy, failure);
    return;
  }
  const what = `${step.name}: ${failure.message}`;
  if (step.kind === 'retriable') {
    draft.finish('FAILED', step.name, {
      error: {
        code: 'RETRIES_EXHAUSTED',
        message: `${what} (attempt ${current.attempt} of ${policy.maxAttempts}); the saga is past its point of no return, so an operator must finish it`,
      },
    });
    return;
  }
  if (step.kind === 'pivot' && failure.timedOut) {
    draft.finish('FAILED', step.name, {
      error: {
        code: 'PIVOT_OUTCOME_UNKNOWN',
        message: `${what}; the pivot may have committed, so the saga neither undoes nor goes on until an operator settles it`,
      },
    });
    return;
  }
  beginCompensation(draft, { step: step.name, code: failure.code, message: failure.message });
}

function scheduleRetry(
  draft: Draft,
  policy: Parameters<typeof backoffDelay>[0],
  failure: AttemptFailure,
): void {
  const current = draft.current;
  const delayMs = backoffDelay(
    policy,
    current.attempt,
    `${draft.instance.sagaId}:${current.step}:${current.action}:${current.attempt}`,
  );
  current.state = 'backoff';
  draft.instance.deadline = draft.now + delayMs;
  draft.observations.push({ kind: 'retry_scheduled', step: current.step, action: current.action, delayMs });
  const undo = current.action === 'COMPENSATE';
  draft.emit(
    undo ? 'COMPENSATING' : 'RUNNING',
    current.step,
    `${undo ? 'undo ' : ''}attempt ${current.attempt} failed (${failure.code}: ${failure.message}); retrying in ${delayMs} ms`,
  );
}

/** Undoes, newest first, every completed step that has a compensation, and the current one if it may have run. */
function beginCompensation(draft: Draft, failure: SagaInstance['failure']): void {
  const { instance } = draft;
  const current = instance.current;
  const undoCurrent = current?.uncertain === true && draft.step(current.step).kind === 'compensatable';
  instance.failure = failure;
  instance.toCompensate = [
    ...(undoCurrent && current ? [current.step] : []),
    ...instance.completed.filter((name) => draft.step(name).kind === 'compensatable').reverse(),
  ];
  instance.current = null;
  instance.deadline = null;
  compensateNext(draft);
}

function compensateNext(draft: Draft): void {
  const { instance } = draft;
  const next = instance.toCompensate.shift();
  if (next !== undefined) {
    instance.phase = 'COMPENSATING';
    draft.emit('COMPENSATING', next, 'undoing');
    draft.send(next, 'COMPENSATE', 1, false);
    return;
  }
  const failure = instance.failure;
  if (instance.cancelReason !== null || !failure) {
    draft.finish('CANCELLED', '', {
      error: { code: JOB_ERROR_CODES.cancelled, message: instance.cancelReason || 'cancelled' },
    });
    return;
  }
  draft.finish('COMPENSATED', failure.step, {
    error: { code: failure.code, message: `${failure.step}: ${failure.message}` },
  });
}

const undoSucceeded: Handler = (draft, input) => {
  if (input.kind !== 'reply') return 'invalid_reply';
  draft.attemptEnded('success');
  draft.instance.answered.push(input.commandId);
  draft.instance.current = null;
  draft.instance.deadline = null;
  compensateNext(draft);
  return undefined;
};

const stepProgressed: Handler = (draft, input) => {
  if (input.kind !== 'progress') return 'invalid_reply';
  const current = draft.current;
  const percent = Math.min(100, Math.max(0, Math.floor(input.percent)));
  if (percent <= current.percent) return 'stale_progress';
  current.percent = percent;
  const { instance, definition } = draft;
  instance.percent = Math.round(
    (100 * (instance.completed.length + percent / 100)) / definition.steps.length,
  );
  draft.emit('RUNNING', current.step, input.message || `${percent}%`);
  return undefined;
};

/** Before the point of no return a cancel undoes the saga; at or past it, the saga can only go forward. */
const cancelRequested: Handler = (draft, input) => {
  if (input.kind !== 'cancel') return 'invalid_reply';
  const { instance, definition } = draft;
  const current = draft.current;
  const index = definition.steps.findIndex((step) => step.name === current.step);
  const limit = pointOfNoReturn(definition);
  if (index >= limit) {
    const pivot = definition.steps[limit]?.name ?? current.step;
    draft.observations.push({ kind: 'cancel', outcome: 'refused' });
    draft.emit(
      'RUNNING',
      current.step,
      `cancel refused: ${pivot} is the point of no return and has started`,
      {
        cancelRefused: true,
      },
    );
    return undefined;
  }
  draft.observations.push({ kind: 'cancel', outcome: 'accepted' });
  instance.cancelReason = input.reason || 'cancelled';
  if (current.state === 'awaiting') {
    draft.attemptEnded('abandoned');
    instance.abandoned.push(current.commandId);
    current.uncertain = true;
  }
  beginCompensation(draft, null);
  return undefined;
};

const lockChecked: Handler = (draft, input) => {
  if (input.kind !== 'lock') return 'invalid_reply';
  if (input.acquired) {
    execute(draft, 0);
    return undefined;
  }
  draft.instance.deadline = draft.now + lockRecheckMs(draft.definition);
  return undefined;
};

const cancelWhileWaiting: Handler = (draft, input) => {
  if (input.kind !== 'cancel') return 'invalid_reply';
  draft.observations.push({ kind: 'cancel', outcome: 'accepted' });
  draft.instance.cancelReason = input.reason || 'cancelled';
  compensateNext(draft);
  return undefined;
};

export interface TableEntry {
  readonly handle: Handler;
  /** The phases the handler may move the saga to; the diagrams are drawn from these, and tests hold them to it. */
  readonly to: readonly SagaPhase[];
}

/** The transition table: what each input does in each phase. A phase missing an input ignores it. */
export const TRANSITIONS: Readonly<Record<SagaPhase, Readonly<Partial<Record<InputKind, TableEntry>>>>> = {
  WAITING_LOCK: {
    LOCK: { handle: lockChecked, to: ['WAITING_LOCK', 'EXECUTING'] },
    CANCEL: { handle: cancelWhileWaiting, to: ['CANCELLED'] },
  },
  EXECUTING: {
    SUCCESS: { handle: stepSucceeded, to: ['EXECUTING', 'SUCCEEDED'] },
    FAILURE: { handle: attemptReplied, to: ['EXECUTING', 'COMPENSATING', 'COMPENSATED', 'FAILED'] },
    PROGRESS: { handle: stepProgressed, to: ['EXECUTING'] },
    // A step that timed out for good may have run, so it is itself undone: never straight to COMPENSATED.
    DEADLINE: { handle: deadlinePassed, to: ['EXECUTING', 'COMPENSATING', 'FAILED'] },
    CANCEL: { handle: cancelRequested, to: ['EXECUTING', 'COMPENSATING', 'CANCELLED'] },
  },
  COMPENSATING: {
    SUCCESS: { handle: undoSucceeded, to: ['COMPENSATING', 'COMPENSATED', 'CANCELLED'] },
    FAILURE: { handle: attemptReplied, to: ['COMPENSATING'] },
    DEADLINE: { handle: deadlinePassed, to: ['COMPENSATING'] },
  },
  SUCCEEDED: {},
  COMPENSATED: {},
  CANCELLED: {},
  FAILED: {},
};

export function lockRecheckMs(definition: SagaDefinition): number {
  return Math.min(definition.lock?.leaseMs ?? LOCK_RECHECK_MAX_MS, LOCK_RECHECK_MAX_MS);
}

export interface SagaStart {
  sagaId: string;
  jobId: string;
  owner: string;
  payloadJson: string;
  origin: SagaInstance['origin'];
}

/** The semantic lock as the orchestrator found it at start: held now, or busy. */
export interface LockAtStart {
  key: string;
  acquired: boolean;
}

/** The first transition: a new instance that runs its first step, waits for its lock, or is turned away. */
export function beginSaga(
  definition: SagaDefinition,
  start: SagaStart,
  lock: LockAtStart | null,
  now: number,
): { instance: SagaInstance; effects: SagaEffect[]; observations: SagaObservation[] } {
  const draft = new Draft(
    definition,
    {
      ...start,
      type: definition.type,
      phase: 'EXECUTING',
      current: null,
      deadline: null,
      completed: [],
      toCompensate: [],
      results: {},
      failure: null,
      cancelReason: null,
      lockKey: lock?.key ?? null,
      percent: 0,
      seq: 0,
      answered: [],
      abandoned: [],
      createdAt: now,
    },
    now,
  );
  const first = (definition.steps[0] as SagaStep).name;
  if (lock && !lock.acquired && definition.lock?.onBusy === 'reject') {
    draft.instance.lockKey = null;
    draft.finish('FAILED', first, {
      error: { code: 'BUSY', message: `another ${definition.type} job is working on the same record` },
    });
  } else if (lock && !lock.acquired) {
    draft.instance.phase = 'WAITING_LOCK';
    draft.instance.deadline = now + lockRecheckMs(definition);
    draft.emit('RUNNING', first, `waiting for another ${definition.type} job on the same record`);
  } else {
    execute(draft, 0);
  }
  return { instance: draft.instance, effects: draft.effects, observations: draft.observations };
}

function kindOf(input: SagaInput): InputKind {
  switch (input.kind) {
    case 'reply':
      return input.outcome;
    case 'progress':
      return 'PROGRESS';
    case 'deadline':
      return 'DEADLINE';
    case 'lock':
      return 'LOCK';
    case 'cancel':
      return 'CANCEL';
  }
}

/** Why a reply or progress report does not fit the saga's state, or undefined when it does. */
function mismatch(instance: SagaInstance, id: string): IgnoreReason | undefined {
  if (instance.answered.includes(id)) return 'duplicate';
  if (instance.abandoned.includes(id)) return 'late';
  if (isFinished(instance)) return 'finished';
  const current = instance.current;
  if (current?.state !== 'awaiting' || current.commandId !== id) return 'wrong_step';
  return undefined;
}

export function applyInput(
  definition: SagaDefinition,
  instance: SagaInstance,
  input: SagaInput,
  now: number,
): Transition {
  if (input.kind === 'reply' || input.kind === 'progress') {
    const reason = mismatch(instance, input.commandId);
    if (reason) return { applied: false, reason };
  } else if (isFinished(instance)) {
    return { applied: false, reason: 'finished' };
  }
  if (input.kind === 'deadline' && (instance.deadline === null || instance.deadline > now)) {
    return { applied: false, reason: 'not_due' };
  }
  const entry = TRANSITIONS[instance.phase][kindOf(input)];
  if (!entry) return { applied: false, reason: 'not_applicable' };
  const draft = new Draft(definition, structuredClone(instance), now);
  const ignored = entry.handle(draft, input);
  if (ignored) return { applied: false, reason: ignored };
  return {
    applied: true,
    instance: draft.instance,
    effects: draft.effects,
    observations: draft.observations,
  };
}

/** The event that closes a job whose start command could not be accepted; it is the job's first event. */
export function rejectionEvent(jobId: string, message: string): JobEventEffect {
  return {
    kind: 'event',
    id: eventId(jobId, 1),
    seq: 1,
    status: 'FAILED',
    progress: { percent: 0, step: '', message: 'rejected', stepsDone: 0, stepsTotal: 0 },
    error: { code: 'INVALID_COMMAND', message },
    resultJson: '',
    cancelRefused: false,
  };
}

function parseResult(json: string): unknown {
  if (json === '') return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
