import type { JobStatusName } from '@jobtrack/contracts';
import type { SagaDefinition, SagaStepDefinition } from './definition.ts';

/**
 * The saga as a pure state machine: (instance, reply) -> (next instance, effects). It does no I/O, so every
 * transition is unit-tested without a bus, and the orchestrator only publishes what it returns.
 */

export type SagaPhase = 'EXECUTING' | 'COMPENSATING' | 'SUCCEEDED' | 'COMPENSATED' | 'FAILED';
export type StepAction = 'EXECUTE' | 'COMPENSATE';
export type ReplyOutcome = 'SUCCESS' | 'FAILURE';

const TERMINAL_PHASES: ReadonlySet<SagaPhase> = new Set(['SUCCEEDED', 'COMPENSATED', 'FAILED']);

export function isFinished(instance: SagaInstance): boolean {
  return TERMINAL_PHASES.has(instance.phase);
}

/** One saga's state. Plain JSON on purpose, so the durable-state store can keep it as it is. */
export interface SagaInstance {
  sagaId: string;
  jobId: string;
  type: string;
  owner: string;
  /** The validated job input; every participant command carries it. */
  payloadJson: string;
  phase: SagaPhase;
  /** The command whose reply the saga waits for; null once finished. */
  awaiting: { step: string; action: StepAction } | null;
  /** Steps whose forward transaction succeeded, in order. */
  completed: string[];
  /** Steps still to undo after the one awaited, in the order they will be undone. */
  toCompensate: string[];
  results: Record<string, unknown>;
  failure: { step: string; reason: string } | null;
  percent: number;
  /** Seq of the last job event emitted; the next one gets seq + 1. */
  seq: number;
  /** Commands whose reply was applied, to tell a duplicated reply from a stray one. */
  answered: string[];
}

export interface JobEventEffect {
  kind: 'event';
  id: string;
  seq: number;
  status: JobStatusName;
  progress: { percent: number; step: string; message: string; stepsDone: number; stepsTotal: number };
  error: { code: string; message: string } | null;
  resultJson: string;
}

export interface CommandEffect {
  kind: 'command';
  id: string;
  step: SagaStepDefinition;
  action: StepAction;
}

export type SagaEffect = JobEventEffect | CommandEffect;

export interface SagaReply {
  step: string;
  action: StepAction;
  outcome: ReplyOutcome;
  reason: string;
  resultJson: string;
}

export type IgnoreReason = 'unknown_saga' | 'duplicate' | 'finished' | 'wrong_step' | 'invalid_reply';

export type Transition =
  | { applied: true; instance: SagaInstance; effects: SagaEffect[] }
  | { applied: false; reason: IgnoreReason };

/** Deterministic, so a command re-sent after a crash or a failed publish is recognisably the same message. */
export function commandId(sagaId: string, step: string, action: StepAction): string {
  return `${sagaId}:${step}:${action.toLowerCase()}`;
}

export function eventId(sagaId: string, seq: number): string {
  return `${sagaId}:event:${seq}`;
}

/** The working copy of one transition: the next instance and the effects it produces, in publish order. */
class Draft {
  readonly definition: SagaDefinition;
  readonly instance: SagaInstance;
  readonly effects: SagaEffect[] = [];

  constructor(definition: SagaDefinition, instance: SagaInstance) {
    this.definition = definition;
    this.instance = instance;
  }

  step(name: string): SagaStepDefinition {
    const step = this.definition.steps.find((s) => s.name === name);
    if (!step) throw new Error(`saga ${this.definition.type} has no step ${name}`);
    return step;
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
      ...extra,
    });
  }

  send(step: SagaStepDefinition, action: StepAction): void {
    this.instance.awaiting = { step: step.name, action };
    this.effects.push({
      kind: 'command',
      id: commandId(this.instance.sagaId, step.name, action),
      step,
      action,
    });
  }

  finish(phase: 'SUCCEEDED' | 'COMPENSATED' | 'FAILED', step: string, extra: Partial<JobEventEffect>): void {
    this.instance.phase = phase;
    this.instance.awaiting = null;
    this.emit(phase, step, phase.toLowerCase(), extra);
  }
}

type Handler = (draft: Draft, reply: SagaReply) => void;

function execute(draft: Draft, step: SagaStepDefinition): void {
  draft.instance.phase = 'EXECUTING';
  draft.emit('RUNNING', step.name, 'started');
  draft.send(step, 'EXECUTE');
}

const stepSucceeded: Handler = (draft, reply) => {
  const { instance, definition } = draft;
  instance.completed.push(reply.step);
  instance.results[reply.step] = parseResult(reply.resultJson);
  instance.percent = Math.round((100 * instance.completed.length) / definition.steps.length);
  draft.emit('RUNNING', reply.step, 'done');
  const next = definition.steps[instance.completed.length];
  if (next) execute(draft, next);
  else draft.finish('SUCCEEDED', reply.step, { resultJson: JSON.stringify(instance.results) });
};

const stepFailed: Handler = (draft, reply) => {
  const { instance } = draft;
  instance.failure = { step: reply.step, reason: reply.reason || 'no reason given' };
  instance.toCompensate = instance.completed.filter((name) => draft.step(name).compensate).reverse();
  compensateNext(draft);
};

/** Undoes the next completed step, or ends the saga once nothing is left to undo. */
function compensateNext(draft: Draft): void {
  const { instance } = draft;
  const next = instance.toCompensate.shift();
  const failure = instance.failure ?? { step: '', reason: '' };
  if (next === undefined) {
    draft.finish('COMPENSATED', failure.step, {
      error: { code: 'STEP_FAILED', message: `${failure.step}: ${failure.reason}` },
    });
    return;
  }
  instance.phase = 'COMPENSATING';
  draft.emit('COMPENSATING', next, 'compensating');
  draft.send(draft.step(next), 'COMPENSATE');
}

/** A compensation that fails leaves the business state half undone: only an operator can settle it. */
const compensationFailed: Handler = (draft, reply) => {
  const failure = draft.instance.failure ?? { step: '', reason: '' };
  draft.finish('FAILED', reply.step, {
    error: {
      code: 'COMPENSATION_FAILED',
      message: `${reply.step}: ${reply.reason || 'no reason given'} (undoing after ${failure.step}: ${failure.reason})`,
    },
  });
};

/** What each reply outcome does in each phase; a phase missing an outcome has no reply to wait for. */
export const TRANSITIONS: Readonly<Record<SagaPhase, Readonly<Partial<Record<ReplyOutcome, Handler>>>>> = {
  EXECUTING: { SUCCESS: stepSucceeded, FAILURE: stepFailed },
  COMPENSATING: { SUCCESS: (draft) => compensateNext(draft), FAILURE: compensationFailed },
  SUCCEEDED: {},
  COMPENSATED: {},
  FAILED: {},
};

export interface SagaStart {
  sagaId: string;
  jobId: string;
  owner: string;
  payloadJson: string;
}

/** The first transition: a new instance that executes the first step. */
export function beginSaga(
  definition: SagaDefinition,
  start: SagaStart,
): { instance: SagaInstance; effects: SagaEffect[] } {
  const draft = new Draft(definition, {
    ...start,
    type: definition.type,
    phase: 'EXECUTING',
    awaiting: null,
    completed: [],
    toCompensate: [],
    results: {},
    failure: null,
    percent: 0,
    seq: 0,
    answered: [],
  });
  execute(draft, definition.steps[0] as SagaStepDefinition);
  return { instance: draft.instance, effects: draft.effects };
}

export function applyReply(definition: SagaDefinition, instance: SagaInstance, reply: SagaReply): Transition {
  const id = commandId(instance.sagaId, reply.step, reply.action);
  if (instance.answered.includes(id)) return { applied: false, reason: 'duplicate' };
  if (isFinished(instance)) return { applied: false, reason: 'finished' };
  const { awaiting } = instance;
  if (awaiting?.step !== reply.step || awaiting.action !== reply.action)
    return { applied: false, reason: 'wrong_step' };
  const handler = TRANSITIONS[instance.phase][reply.outcome];
  if (!handler) return { applied: false, reason: 'invalid_reply' };
  const draft = new Draft(definition, structuredClone(instance));
  draft.instance.answered.push(id);
  handler(draft, reply);
  return { applied: true, instance: draft.instance, effects: draft.effects };
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
