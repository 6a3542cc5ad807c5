import type { JobCommand, ParticipantReply } from '@jobtrack/contracts';
import { type Logger, type Messaging, PoisonMessageError } from '@jobtrack/platform';
import { context, trace } from '@opentelemetry/api';
import { type SagaDefinition, StepFailure } from './definition.ts';
import { DEFAULT_DUE_TIMER_OPTIONS, type DueTimerOptions, DueTimers } from './due-timers.ts';
import { type CommandEffect, isFinished, type SagaInstance } from './instance.ts';
import {
  applyInput,
  beginSaga,
  type IgnoreReason,
  rejectionEvent,
  type SagaInput,
  type Transition,
} from './machine.ts';
import {
  reportInFlight,
  sagaCancels,
  sagaCommandsRejected,
  sagaCommitConflicts,
  sagaInputsIgnored,
  sagaLockBusy,
  sagaStepDuration,
  sagaStepRetries,
  sagaStepTimeouts,
  sagasFinished,
  sagasStarted,
} from './metrics.ts';
import { EffectPublisher } from './publisher.ts';
import { KeyedSerializer } from './serializer.ts';
import { parseStartCommand } from './start-command.ts';
import { dueAt, type SagaStore, type StoredSaga } from './store/port.ts';
import { currentOrigin, originContext, recordAttemptSpan } from './tracing.ts';

export interface SagaOrchestratorOptions {
  definition: SagaDefinition;
  messaging: Messaging;
  logger: Logger;
  store: SagaStore;
  timers?: Partial<DueTimerOptions>;
}

/** A transition recomputed this many times, each time losing to another writer, fails the message for a retry. */
const MAX_CONFLICTS = 5;
/** The lease of a lock for a saga definition without one; only used to hand a lock over, so any value works. */
const NO_LOCK_LEASE_MS = 0;

type InputName = 'start' | 'cancel' | 'reply' | 'progress' | 'timer';

/**
 * Runs the sagas of one definition. Each input (a start or cancel command, a participant's reply, a timer) is
 * handled as: load the instance, compute the transition, commit it with its effects (the outbox) if nobody
 * changed the instance meanwhile, publish the effects, mark them published. The Kafka offset of the input is
 * committed only after that, so a crash at any point either repeats the input (the transition is recomputed,
 * or found already applied) or leaves an outbox that the next input or the timer loop publishes. Effects carry
 * deterministic ids, so a repeat is recognised downstream.
 */
export class SagaOrchestrator {
  readonly #definition: SagaDefinition;
  readonly #store: SagaStore;
  readonly #publisher: EffectPublisher;
  readonly #logger: Logger;
  readonly #serializer = new KeyedSerializer();
  readonly #timers: DueTimers;
  readonly #localRuns = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  readonly #stopReporting: () => void;

  constructor(options: SagaOrchestratorOptions) {
    this.#definition = options.definition;
    this.#store = options.store;
    this.#publisher = new EffectPublisher(options.definition, options.messaging);
    this.#logger = options.logger.child({ component: 'saga', sagaType: options.definition.type });
    this.#timers = new DueTimers(
      options.store,
      { ...DEFAULT_DUE_TIMER_OPTIONS, ...options.timers },
      (sagaId) => this.fire(sagaId),
      this.#logger,
    );
    this.#stopReporting = reportInFlight(options.definition.type, options.store);
  }

  /** Starts firing timers: timeouts, retries, lock rechecks and abandoned outboxes. */
  startTimers(): void {
    this.#timers.start();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#timers.stop();
    await Promise.allSettled(this.#localRuns);
    this.#stopReporting();
  }

  /** Runs a command from the job's command topic. */
  async command(command: JobCommand): Promise<void> {
    if (!command.jobId) throw new PoisonMessageError('job command without a job id');
    if (command.start) return this.#start(command, command.start.inputJson);
    if (command.cancel) {
      const reason = command.cancel.reason;
      await this.#handle(command.jobId, 'cancel', async (stored, now) =>
        stored
          ? applyInput(this.#definition, stored.instance, { kind: 'cancel', reason }, now)
          : ignored('unknown_saga'),
      );
      return;
    }
    throw new PoisonMessageError('job command with neither start nor cancel');
  }

  /** Starts the saga of a job. An invalid command fails the job, then goes to the dead-letter topic. */
  async #start(command: JobCommand, inputJson: string): Promise<void> {
    const sagaId = command.jobId;
    const parsed = parseStartCommand(this.#definition, command.type, inputJson);
    if (!parsed.ok) {
      this.#annotate(sagaId).warn(
        { jobType: command.type, reason: parsed.message },
        'start command rejected',
      );
      await this.#publisher.event(sagaId, rejectionEvent(sagaId, parsed.message));
      sagaCommandsRejected.inc({ type: this.#definition.type });
      throw new PoisonMessageError(parsed.message);
    }
    const origin = currentOrigin();
    await this.#handle(sagaId, 'start', async (stored, now) => {
      if (stored) return ignored('duplicate');
      const lock = this.#definition.lock;
      let lockAtStart = null;
      if (lock) {
        const key = lock.key(parsed.input);
        const acquired = await this.#store.tryLock(key, sagaId, {
          leaseMs: lock.leaseMs,
          queue: lock.onBusy === 'wait',
          now,
        });
        if (!acquired) sagaLockBusy.inc({ type: this.#definition.type, mode: lock.onBusy });
        lockAtStart = { key, acquired };
      }
      const start = { sagaId, jobId: sagaId, owner: command.owner, payloadJson: parsed.payloadJson, origin };
      return { applied: true, ...beginSaga(this.#definition, start, lockAtStart, now) };
    });
  }

  /** Applies a participant's reply or progress report; one that does not fit the saga is counted and dropped. */
  async reply(reply: ParticipantReply): Promise<void> {
    const input = toInput(reply);
    const name: InputName = input?.kind === 'progress' ? 'progress' : 'reply';
    if (!input) {
      this.#ignore(reply.sagaId, name, 'invalid_reply');
      return;
    }
    await this.#handle(reply.sagaId, name, async (stored, now) =>
      stored ? applyInput(this.#definition, stored.instance, input, now) : ignored('unknown_saga'),
    );
  }

  /** Handles a saga whose timer is due; also how an outbox left by a dead process gets published. */
  async fire(sagaId: string): Promise<void> {
    await this.#handle(sagaId, 'timer', async (stored, now, flushed) => {
      if (!stored) {
        await this.#store.reschedule(sagaId, 0, null);
        return ignored('unknown_saga');
      }
      const { instance } = stored;
      const current = instance.current;
      if (flushed && current?.state === 'awaiting') {
        // Its command went out only now (the process that stored it died, or its publish failed): the attempt
        // gets its whole timeout from here rather than timing out the moment it is sent.
        const timeoutMs = this.#definition.steps.find((step) => step.name === current.step)?.timeoutMs ?? 0;
        await this.#store.reschedule(sagaId, stored.version, now + timeoutMs);
        return ignored('not_due');
      }
      let transition: Transition;
      if (instance.phase === 'WAITING_LOCK' && instance.lockKey !== null && this.#definition.lock) {
        const acquired = await this.#store.tryLock(instance.lockKey, sagaId, {
          leaseMs: this.#definition.lock.leaseMs,
          queue: true,
          now,
        });
        transition = applyInput(this.#definition, instance, { kind: 'lock', acquired }, now);
      } else {
        transition = applyInput(this.#definition, instance, { kind: 'deadline' }, now);
      }
      if (!transition.applied)
        await this.#store.reschedule(sagaId, stored.version, dueAt(instance.deadline, false, now));
      return transition;
    });
  }

  /** One input, start to finish, serialised with every other input of the same saga in this process. */
  async #handle(
    sagaId: string,
    input: InputName,
    decide: (stored: StoredSaga | undefined, now: number, flushed: boolean) => Promise<Transition>,
  ): Promise<void> {
    const log = this.#annotate(sagaId);
    await this.#serializer.run(sagaId, async () => {
      for (let conflicts = 0; ; conflicts++) {
        const stored = await this.#store.load(sagaId);
        // A timer fires outside any message, so its effects continue the trace of the saga's origin instead.
        const active = input === 'timer' ? originContext(stored?.instance.origin ?? null) : context.active();
        const done = await context.with(active, async () => {
          const flushed = stored !== undefined && stored.outbox.length > 0;
          if (stored && flushed) await this.#publish(stored);
          const now = Date.now();
          const transition = await decide(stored, now, flushed);
          if (!transition.applied) {
            if (input !== 'timer' || transition.reason === 'unknown_saga')
              this.#ignore(sagaId, input, transition.reason);
            return true;
          }
          const version = await this.#store.commit({
            instance: transition.instance,
            expectedVersion: stored?.version ?? 0,
            outbox: transition.effects,
            lockLeaseMs: this.#definition.lock?.leaseMs ?? NO_LOCK_LEASE_MS,
            now,
          });
          if (version === null) {
            sagaCommitConflicts.inc({ type: this.#definition.type });
            return false;
          }
          await this.#publish({ instance: transition.instance, version, outbox: transition.effects });
          this.#observe(stored === undefined, transition, log);
          return true;
        });
        if (done) return;
        if (conflicts + 1 >= MAX_CONFLICTS)
          throw new Error(`saga ${sagaId}: gave up after ${MAX_CONFLICTS} conflicts`);
      }
    });
  }

  /** Publishes an outbox in one produce request, then marks it published; local steps run after that. */
  async #publish(stored: StoredSaga): Promise<void> {
    const { instance, outbox } = stored;
    const local: CommandEffect[] = [];
    await Promise.all(
      outbox.map((effect) => {
        if (effect.kind === 'event') return this.#publisher.event(instance.jobId, effect);
        if (this.#publisher.isLocal(effect)) {
          local.push(effect);
          return undefined;
        }
        return this.#publisher.command(instance, effect);
      }),
    );
    await this.#store.markPublished(instance.sagaId, stored.version, instance.deadline);
    stored.outbox = [];
    for (const effect of local) this.#runLocal(instance, effect);
  }

  /**
   * Runs a local step outside the saga's turn and feeds its outcome back as a reply. If this process dies
   * meanwhile, the attempt times out and is retried, which is why local steps must be idempotent.
   */
  #runLocal(instance: SagaInstance, effect: CommandEffect): void {
    const invocation = this.#publisher.invocationOf(effect);
    if (!('run' in invocation) || this.#stopping.signal.aborted) return;
    const timeout = AbortSignal.timeout(
      this.#definition.steps.find((s) => s.name === effect.step)?.timeoutMs ?? 0,
    );
    const run = (async () => {
      let input: SagaInput;
      try {
        const result = await invocation.run({
          sagaId: instance.sagaId,
          jobId: instance.jobId,
          input: JSON.parse(instance.payloadJson) as unknown,
          results: instance.results,
          attempt: effect.attempt,
          signal: AbortSignal.any([timeout, this.#stopping.signal]),
        });
        input = {
          kind: 'reply',
          commandId: effect.id,
          outcome: 'SUCCESS',
          errorCode: '',
          reason: '',
          resultJson: JSON.stringify(result ?? null),
        };
      } catch (error) {
        const code = error instanceof StepFailure ? error.code : 'LOCAL_ERROR';
        input = {
          kind: 'reply',
          commandId: effect.id,
          outcome: 'FAILURE',
          errorCode: code,
          reason: (error as Error).message,
          resultJson: '',
        };
      }
      await this.#handle(instance.sagaId, 'reply', async (stored, now) =>
        stored ? applyInput(this.#definition, stored.instance, input, now) : ignored('unknown_saga'),
      );
    })().catch((error: unknown) => {
      this.#annotate(instance.sagaId).warn(
        { err: error, step: effect.step },
        'local step outcome not applied; its timeout will retry it',
      );
    });
    this.#localRuns.add(run);
    void run.finally(() => this.#localRuns.delete(run));
  }

  #observe(started: boolean, transition: Extract<Transition, { applied: true }>, log: Logger): void {
    const { type } = this.#definition;
    const { instance } = transition;
    const now = Date.now();
    if (started) {
      sagasStarted.inc({ type });
      log.info({ phase: instance.phase }, 'saga started');
    }
    for (const observation of transition.observations) {
      if (observation.kind === 'attempt_ended') {
        const { step, action, outcome } = observation;
        sagaStepDuration.observe({ type, step, action, outcome }, (now - observation.startedAt) / 1000);
        if (outcome === 'timeout') sagaStepTimeouts.inc({ type, step, action });
        recordAttemptSpan(instance, observation, now);
      } else if (observation.kind === 'retry_scheduled') {
        sagaStepRetries.inc({ type, step: observation.step, action: observation.action });
        log.info(observation, 'step attempt failed; retry scheduled');
      } else {
        sagaCancels.inc({ type, outcome: observation.outcome });
        log.info({ outcome: observation.outcome }, 'cancel applied');
      }
    }
    if (isFinished(instance)) {
      sagasFinished.inc({ type, status: instance.phase });
      log.info(
        { status: instance.phase, failure: instance.failure, cancelReason: instance.cancelReason },
        'saga finished',
      );
    }
  }

  /** Tags the consumer span and the log lines with the saga, so one job's trace and logs can be found. */
  #annotate(sagaId: string): Logger {
    trace
      .getActiveSpan()
      ?.setAttributes({ 'saga.id': sagaId, 'saga.type': this.#definition.type, 'job.id': sagaId });
    return this.#logger.child({ sagaId, jobId: sagaId });
  }

  #ignore(sagaId: string, input: InputName, reason: IgnoreReason): void {
    sagaInputsIgnored.inc({ type: this.#definition.type, input, reason });
    this.#annotate(sagaId).info({ input, reason }, 'input ignored');
  }
}

function ignored(reason: IgnoreReason): Transition {
  return { applied: false, reason };
}

/** A participant's message as the state machine's input, or undefined when its outcome is not one we know. */
function toInput(reply: ParticipantReply): SagaInput | undefined {
  switch (reply.outcome) {
    case 'REPLY_OUTCOME_SUCCESS':
    case 'REPLY_OUTCOME_FAILURE':
      return {
        kind: 'reply',
        commandId: reply.commandId,
        outcome: reply.outcome === 'REPLY_OUTCOME_SUCCESS' ? 'SUCCESS' : 'FAILURE',
        errorCode: reply.errorCode,
        reason: reply.reason,
        resultJson: reply.resultJson,
      };
    case 'REPLY_OUTCOME_PROGRESS':
      return { kind: 'progress', commandId: reply.commandId, percent: reply.percent, message: reply.message };
    default:
      return undefined;
  }
}
