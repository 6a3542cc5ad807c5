import type { JobStatusName } from '@jobtrack/contracts';

export type SagaPhase =
  | 'WAITING_LOCK'
  | 'EXECUTING'
  | 'COMPENSATING'
  | 'SUCCEEDED'
  | 'COMPENSATED'
  | 'CANCELLED'
  | 'FAILED';

export type TerminalPhase = Extract<SagaPhase, 'SUCCEEDED' | 'COMPENSATED' | 'CANCELLED' | 'FAILED'>;

export const TERMINAL_PHASES: ReadonlySet<SagaPhase> = new Set([
  'SUCCEEDED',
  'COMPENSATED',
  'CANCELLED',
  'FAILED',
]);

export type StepAction = 'EXECUTE' | 'COMPENSATE';

/** The step the saga is busy with: an attempt that is out, or a retry waiting for its backoff. */
export interface CurrentAttempt {
  step: string;
  action: StepAction;
  attempt: number;
  /** `awaiting`: the attempt is out, its reply or its timeout is due. `backoff`: the next attempt is due. */
  state: 'awaiting' | 'backoff';
  /** Message id of the latest attempt's command. */
  commandId: string;
  startedAt: number;
  /** How far the step says it got, 0..100. */
  percent: number;
  /** An attempt timed out or was abandoned in flight: it may have run, so undoing the saga undoes this step too. */
  uncertain: boolean;
}

/** One saga's state: plain JSON, stored as it is. Every field changes only through the state machine. */
export interface SagaInstance {
  sagaId: string;
  jobId: string;
  type: string;
  owner: string;
  /** The validated job input; every participant command carries it. */
  payloadJson: string;
  phase: SagaPhase;
  current: CurrentAttempt | null;
  /** When the saga's timer fires (attempt timeout, retry backoff, lock recheck); null when nothing is due. */
  deadline: number | null;
  /** Steps whose forward transaction succeeded, in order. */
  completed: string[];
  /** Steps still to undo after the current one, in the order they will be undone. */
  toCompensate: string[];
  results: Record<string, unknown>;
  /** Why the saga is being undone, unless a cancel is the reason. */
  failure: { step: string; code: string; message: string } | null;
  /** Set once a cancel was accepted: the saga is undone and ends CANCELLED. */
  cancelReason: string | null;
  /** The semantic lock the saga holds or waits for. */
  lockKey: string | null;
  percent: number;
  /** Seq of the last job event emitted; the next one gets seq + 1. */
  seq: number;
  /** Commands whose reply was applied, to tell a duplicated reply from a stray one. */
  answered: string[];
  /** Commands given up on (timed out, or in flight when a cancel came): their replies are late. */
  abandoned: string[];
  /** The span that started the saga; every step span links to it, so the job's trace shows its steps. */
  origin: { traceId: string; spanId: string } | null;
  createdAt: number;
}

export function isFinished(instance: Pick<SagaInstance, 'phase'>): boolean {
  return TERMINAL_PHASES.has(instance.phase);
}

export interface JobEventEffect {
  kind: 'event';
  id: string;
  seq: number;
  status: JobStatusName;
  progress: { percent: number; step: string; message: string; stepsDone: number; stepsTotal: number };
  error: { code: string; message: string } | null;
  resultJson: string;
  cancelRefused: boolean;
}

export interface CommandEffect {
  kind: 'command';
  id: string;
  step: string;
  action: StepAction;
  attempt: number;
}

/** What a transition asks the world to do, in publish order; stored before it is published (the outbox). */
export type SagaEffect = JobEventEffect | CommandEffect;

/** What a transition tells metrics and tracing; not published, and lost harmlessly in a crash. */
export type SagaObservation =
  | {
      kind: 'attempt_ended';
      step: string;
      action: StepAction;
      attempt: number;
      outcome: 'success' | 'failure' | 'timeout' | 'abandoned';
      startedAt: number;
    }
  | { kind: 'retry_scheduled'; step: string; action: StepAction; delayMs: number }
  | { kind: 'cancel'; outcome: 'accepted' | 'refused' };

/** Deterministic, so a command re-sent after a crash is recognisably the same message. */
export function commandId(sagaId: string, step: string, action: StepAction, attempt: number): string {
  return `${sagaId}:${step}:${action.toLowerCase()}:${attempt}`;
}

export function eventId(sagaId: string, seq: number): string {
  return `${sagaId}:event:${seq}`;
}
