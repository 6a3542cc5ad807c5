import type { TopicDefinition } from '@jobtrack/contracts';

/**
 * The three kinds of transaction of a saga (Garcia-Molina's, as Richardson names them). Steps run in this
 * order: compensatable ones, at most one pivot, then retriable ones. Before the pivot a failure undoes what
 * was done; at the pivot the saga commits to finishing, so every step after it only retries.
 */
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

/** A step carried out by a participant service: it gets a ParticipantCommand on its topic and replies. */
export interface ParticipantInvocation {
  readonly participant: TopicDefinition<'jobtrack.events.v1.ParticipantCommand'>;
}

export interface LocalStepContext<I> {
  readonly sagaId: string;
  readonly jobId: string;
  readonly input: I;
  /** The results of the steps completed so far, by step name. */
  readonly results: Readonly<Record<string, unknown>>;
  readonly attempt: number;
  /** Aborted when the attempt times out or the orchestrator stops. */
  readonly signal: AbortSignal;
}

/**
 * A step carried out by the orchestrator itself. It runs after the attempt is stored, so a crash mid-run ends
 * in the step's timeout and a retry: it must be idempotent, like a participant. A thrown StepFailure fails the
 * attempt with its code; any other error fails it with code LOCAL_ERROR.
 */
export interface LocalInvocation<I> {
  run(context: LocalStepContext<I>): Promise<unknown>;
}

export type StepInvocation<I> = ParticipantInvocation | LocalInvocation<I>;

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Growth of the backoff per retry; 2 unless set. */
  readonly multiplier?: number;
  /** Failure codes that end the step at once, such as a declined payment that no retry will change. */
  readonly nonRetryable?: readonly string[];
}

interface StepBase<I> {
  /** Unique within the saga; it appears in message ids, job progress and participant replies. */
  readonly name: string;
  readonly invoke: StepInvocation<I>;
  /** How long one attempt may take; past it the attempt counts as failed with code TIMEOUT. */
  readonly timeoutMs: number;
  /** One attempt, no retry, unless set. */
  readonly retry?: RetryPolicy;
}

export interface CompensatableStep<I> extends StepBase<I> {
  readonly kind: 'compensatable';
  /** Undoes the step; it must tolerate a step that never ran, since a timed-out attempt may or may not have. */
  readonly compensate: StepInvocation<I>;
}

export interface PivotStep<I> extends StepBase<I> {
  readonly kind: 'pivot';
}

export interface RetriableStep<I> extends StepBase<I> {
  readonly kind: 'retriable';
  readonly retry: RetryPolicy;
}

export type SagaStep<I = unknown> = CompensatableStep<I> | PivotStep<I> | RetriableStep<I>;

/**
 * A semantic lock (Richardson's countermeasure for the missing isolation of sagas): while a saga runs, the
 * record it works on is marked, and a second saga on the same record waits its turn or is turned away.
 */
export interface SemanticLock<I> {
  /** The locked record, from the input, e.g. the order id. */
  key(input: I): string;
  readonly onBusy: 'wait' | 'reject';
  /**
   * How long the lock outlives the last sign of life of its saga. Every transition renews it, so it only
   * runs out when the saga's orchestrator is gone for longer than this; then the next saga may take it.
   */
  readonly leaseMs: number;
}

export interface SagaDefinition<I = unknown> {
  /** The job type the saga runs, as in contracts' JOB_TYPES. */
  readonly type: string;
  readonly steps: readonly SagaStep<I>[];
  readonly lock?: SemanticLock<I>;
  /** Retries of compensations, which never give up: a half-undone saga is worse than a slow one. */
  readonly compensationBackoff?: { readonly initialBackoffMs: number; readonly maxBackoffMs: number };
  /** Where participants reply; its full name (with the topic prefix) goes into every command. */
  readonly replyTopic: TopicDefinition<'jobtrack.events.v1.ParticipantReply'>;
  readonly commandTopic: TopicDefinition<'jobtrack.events.v1.JobCommand'>;
}

/** A failure a local step reports on purpose, with a code a retry policy can name. */
export class StepFailure extends Error {
  override name = 'StepFailure';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export const DEFAULT_COMPENSATION_BACKOFF = { initialBackoffMs: 200, maxBackoffMs: 30_000 } as const;
const NO_RETRY: RetryPolicy = { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 };
const KIND_ORDER: Readonly<Record<StepKind, number>> = { compensatable: 0, pivot: 1, retriable: 2 };
const STEP_NAME = /^[a-z][a-z0-9_]*$/;

export function isLocal<I>(invocation: StepInvocation<I>): invocation is LocalInvocation<I> {
  return 'run' in invocation;
}

export function retryPolicyOf(step: SagaStep<unknown>): RetryPolicy {
  return step.retry ?? NO_RETRY;
}

export function findStep<I>(definition: SagaDefinition<I>, name: string): SagaStep<I> {
  const step = definition.steps.find((s) => s.name === name);
  if (!step) throw new Error(`saga ${definition.type} has no step ${name}`);
  return step;
}

/** Index of the pivot, or else of the first retriable step: from there on nothing is undone. */
export function pointOfNoReturn<I>(definition: SagaDefinition<I>): number {
  const pivot = definition.steps.findIndex((step) => step.kind === 'pivot');
  if (pivot >= 0) return pivot;
  const firstRetriable = definition.steps.findIndex((step) => step.kind === 'retriable');
  return firstRetriable >= 0 ? firstRetriable : definition.steps.length;
}

function checkRetry(type: string, step: SagaStep<unknown>): void {
  const policy = retryPolicyOf(step);
  const where = `saga ${type}, step ${step.name}`;
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    throw new Error(`${where}: maxAttempts must be a positive integer`);
  if (policy.initialBackoffMs < 0 || policy.maxBackoffMs < policy.initialBackoffMs)
    throw new Error(`${where}: backoff must satisfy 0 <= initialBackoffMs <= maxBackoffMs`);
  if ((policy.multiplier ?? 2) < 1) throw new Error(`${where}: multiplier must be at least 1`);
  if (step.kind === 'retriable' && policy.maxAttempts < 2)
    throw new Error(`${where}: a retriable step needs maxAttempts of at least 2`);
}

/** Checks a saga definition once, at module load, so a mistake fails start-up rather than a running saga. */
export function defineSaga<I>(definition: SagaDefinition<I>): SagaDefinition<I> {
  const { type, steps } = definition;
  if (steps.length === 0) throw new Error(`saga ${type} has no steps`);
  const names = new Set<string>();
  let previousKind = 0;
  for (const step of steps) {
    if (!STEP_NAME.test(step.name)) throw new Error(`saga ${type}: bad step name "${step.name}"`);
    if (names.has(step.name)) throw new Error(`saga ${type}: step "${step.name}" appears twice`);
    names.add(step.name);
    if (KIND_ORDER[step.kind] < previousKind || (step.kind === 'pivot' && previousKind === KIND_ORDER.pivot))
      throw new Error(`saga ${type}: steps must be compensatable, then at most one pivot, then retriable`);
    previousKind = KIND_ORDER[step.kind];
    if (!(step.timeoutMs > 0)) throw new Error(`saga ${type}, step ${step.name}: timeoutMs must be positive`);
    checkRetry(type, step as SagaStep<unknown>);
  }
  const backoff = definition.compensationBackoff ?? DEFAULT_COMPENSATION_BACKOFF;
  if (definition.lock) {
    const longestWait = Math.max(
      backoff.maxBackoffMs,
      ...steps.map((step) => Math.max(step.timeoutMs, retryPolicyOf(step as SagaStep<unknown>).maxBackoffMs)),
    );
    if (definition.lock.leaseMs <= longestWait)
      throw new Error(
        `saga ${type}: lock leaseMs must exceed the longest step timeout or backoff (${longestWait} ms)`,
      );
  }
  return definition;
}
