import {
  type JobCommand,
  type ParticipantReply,
  TOPICS,
  type TopicDefinition,
  timestampFromMillis,
  toProtoStatus,
} from '@jobtrack/contracts';
import { type Logger, type Messaging, PoisonMessageError, type Running } from '@jobtrack/platform';
import { trace } from '@opentelemetry/api';
import type { SagaDefinition } from './definition.ts';
import {
  applyReply,
  beginSaga,
  type IgnoreReason,
  isFinished,
  type JobEventEffect,
  type ReplyOutcome,
  rejectionEvent,
  type SagaEffect,
  type SagaInstance,
  type SagaReply,
  type StepAction,
} from './machine.ts';
import {
  sagaCancelsUnhonoured,
  sagaCommandsRejected,
  sagaRepliesIgnored,
  sagasFinished,
  sagasStarted,
} from './metrics.ts';
import { KeyedSerializer } from './serializer.ts';
import { parseStartCommand } from './start-command.ts';
import { MemorySagaStore, type SagaStore } from './store.ts';

export interface SagaOrchestratorOptions {
  definition: SagaDefinition;
  messaging: Messaging;
  logger: Logger;
  /** Where participants reply; its full name (with the topic prefix) goes into every command. */
  replyTopic: TopicDefinition<'jobtrack.events.v1.ParticipantReply'>;
  store?: SagaStore;
}

const ACTIONS = new Map<string, StepAction>([
  ['STEP_ACTION_EXECUTE', 'EXECUTE'],
  ['STEP_ACTION_COMPENSATE', 'COMPENSATE'],
]);
const OUTCOMES = new Map<string, ReplyOutcome>([
  ['REPLY_OUTCOME_SUCCESS', 'SUCCESS'],
  ['REPLY_OUTCOME_FAILURE', 'FAILURE'],
]);

/**
 * Runs sagas of one definition: turns start commands and participant replies into transitions of the state
 * machine and publishes their effects. Handlers run inside the consumer span Messaging opens, so the commands
 * and events published here continue the trace of the message that caused them.
 */
export class SagaOrchestrator {
  readonly #definition: SagaDefinition;
  readonly #messaging: Messaging;
  readonly #logger: Logger;
  readonly #store: SagaStore;
  readonly #replyTopicName: string;
  readonly #serializer = new KeyedSerializer();

  constructor(options: SagaOrchestratorOptions) {
    this.#definition = options.definition;
    this.#messaging = options.messaging;
    this.#logger = options.logger.child({ component: 'saga', sagaType: options.definition.type });
    this.#store = options.store ?? new MemorySagaStore();
    this.#replyTopicName = options.messaging.topicName(options.replyTopic);
  }

  /** Runs a command from the job's command topic. */
  async command(command: JobCommand): Promise<void> {
    if (command.start) return this.#start(command, command.start.inputJson);
    if (command.cancel) return this.#cancel(command);
    throw new PoisonMessageError('job command with neither start nor cancel');
  }

  /**
   * Cancellation is best effort by contract and this engine does not stop sagas yet (see issue 4): the saga runs
   * on, and its job ends as the saga does while the job service keeps cancel_requested set.
   */
  async #cancel(command: JobCommand): Promise<void> {
    this.#annotate(command.jobId).info('cancel requested; this saga runs to its end');
    sagaCancelsUnhonoured.inc({ type: this.#definition.type });
  }

  /** Starts the saga of a job. An invalid command fails the job, then goes to the dead-letter topic. */
  async #start(command: JobCommand, inputJson: string): Promise<void> {
    const sagaId = command.jobId;
    const log = this.#annotate(sagaId);
    if (!sagaId) throw new PoisonMessageError('start command without a job id');
    const parsed = parseStartCommand(this.#definition, command.type, inputJson);
    if (!parsed.ok) {
      log.warn({ jobType: command.type, reason: parsed.message }, 'start command rejected');
      await this.#publishEvent(sagaId, rejectionEvent(sagaId, parsed.message));
      sagaCommandsRejected.inc({ type: this.#definition.type });
      throw new PoisonMessageError(parsed.message);
    }
    await this.#serializer.run(sagaId, async () => {
      if (await this.#store.get(sagaId)) {
        log.info('start command for a known saga ignored');
        return;
      }
      const { instance, effects } = beginSaga(this.#definition, {
        sagaId,
        jobId: sagaId,
        owner: command.owner,
        payloadJson: parsed.payloadJson,
      });
      await this.#perform(instance, effects);
      await this.#store.save(instance);
      sagasStarted.inc({ type: this.#definition.type });
      log.info('saga started');
    });
  }

  /** Applies a participant's reply; one that does not fit the saga's state is counted and dropped. */
  async reply(reply: ParticipantReply): Promise<void> {
    const sagaId = reply.sagaId;
    const log = this.#annotate(sagaId, { 'saga.step': reply.step, 'saga.step.action': reply.action });
    const action = ACTIONS.get(reply.action);
    const outcome = OUTCOMES.get(reply.outcome);
    if (!action || !outcome) {
      this.#ignore(log, 'invalid_reply', reply);
      return;
    }
    const input: SagaReply = {
      step: reply.step,
      action,
      outcome,
      reason: reply.reason,
      resultJson: reply.resultJson,
    };
    await this.#serializer.run(sagaId, async () => {
      const instance = await this.#store.get(sagaId);
      if (!instance) {
        this.#ignore(log, 'unknown_saga', reply);
        return;
      }
      const transition = applyReply(this.#definition, instance, input);
      if (!transition.applied) {
        this.#ignore(log, transition.reason, reply);
        return;
      }
      await this.#perform(transition.instance, transition.effects);
      await this.#store.save(transition.instance);
      log.debug({ step: input.step, action, outcome, phase: transition.instance.phase }, 'reply applied');
      if (isFinished(transition.instance)) {
        sagasFinished.inc({ type: this.#definition.type, status: transition.instance.phase });
        log.info(
          { status: transition.instance.phase, failure: transition.instance.failure },
          'saga finished',
        );
      }
    });
  }

  /** Tags the consumer span and the log lines with the saga, so one job's trace and logs can be found. */
  #annotate(sagaId: string, attributes: Record<string, string> = {}): Logger {
    trace.getActiveSpan()?.setAttributes({
      'saga.id': sagaId,
      'saga.type': this.#definition.type,
      'job.id': sagaId,
      ...attributes,
    });
    return this.#logger.child({ sagaId, jobId: sagaId });
  }

  #ignore(log: Logger, reason: IgnoreReason, reply: ParticipantReply): void {
    sagaRepliesIgnored.inc({ type: this.#definition.type, reason });
    log.info({ reason, step: reply.step, action: reply.action, outcome: reply.outcome }, 'reply ignored');
  }

  async #perform(instance: SagaInstance, effects: readonly SagaEffect[]): Promise<void> {
    for (const effect of effects) {
      if (effect.kind === 'event') {
        await this.#publishEvent(instance.jobId, effect);
        continue;
      }
      await this.#messaging.publish(
        effect.step.participant,
        instance.jobId,
        {
          sagaId: instance.sagaId,
          jobId: instance.jobId,
          step: effect.step.name,
          action: `STEP_ACTION_${effect.action}`,
          payloadJson: instance.payloadJson,
          replyTopic: this.#replyTopicName,
        },
        { id: effect.id },
      );
    }
  }

  async #publishEvent(jobId: string, effect: JobEventEffect): Promise<void> {
    await this.#messaging.publish(
      TOPICS.jobEvents,
      jobId,
      {
        jobId,
        seq: effect.seq,
        status: toProtoStatus(effect.status),
        progress: effect.progress,
        error: effect.error,
        resultJson: effect.resultJson,
        occurTime: timestampFromMillis(Date.now()),
      },
      { id: effect.id },
    );
  }
}

export interface StartSagaOrchestratorOptions extends SagaOrchestratorOptions {
  commandTopic: TopicDefinition<'jobtrack.events.v1.JobCommand'>;
  /** Consumer group of the start commands. */
  groupId: string;
  /** Consumer group of the replies. */
  replyGroupId: string;
}

/** Consumes job commands and replies for one saga definition until stopped. */
export async function startSagaOrchestrator(options: StartSagaOrchestratorOptions): Promise<Running> {
  const orchestrator = new SagaOrchestrator(options);
  const { messaging } = options;
  // Replies first: a saga started by the first command must find its replies consumed.
  const replies = await messaging.consume({
    groupId: options.replyGroupId,
    topic: options.replyTopic,
    handle: (reply) => orchestrator.reply(reply),
  });
  try {
    const commands = await messaging.consume({
      groupId: options.groupId,
      topic: options.commandTopic,
      handle: (command) => orchestrator.command(command),
    });
    return {
      stop: async () => {
        await commands.stop();
        await replies.stop();
      },
    };
  } catch (error) {
    await replies.stop();
    throw error;
  }
}
