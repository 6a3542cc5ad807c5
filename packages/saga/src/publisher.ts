import { TOPICS, timestampFromMillis, toProtoStatus } from '@jobtrack/contracts';
import type { Messaging } from '@jobtrack/platform';
import { findStep, isLocal, type SagaDefinition } from './definition.ts';
import type { CommandEffect, JobEventEffect, SagaInstance } from './instance.ts';

/**
 * Turns a transition's effects into messages: job events, and commands to the participants of steps that have
 * one. Commands of local steps are not published; the orchestrator runs those itself.
 */
export class EffectPublisher {
  readonly #definition: SagaDefinition;
  readonly #messaging: Messaging;
  readonly #replyTopicName: string;

  constructor(definition: SagaDefinition, messaging: Messaging) {
    this.#definition = definition;
    this.#messaging = messaging;
    this.#replyTopicName = messaging.topicName(definition.replyTopic);
  }

  /** The invocation a command effect calls: the step's own, or its compensation. */
  invocationOf(effect: CommandEffect) {
    const step = findStep(this.#definition, effect.step);
    if (effect.action === 'EXECUTE') return step.invoke;
    if (step.kind !== 'compensatable') throw new Error(`step ${step.name} has no compensation`);
    return step.compensate;
  }

  isLocal(effect: CommandEffect): boolean {
    return isLocal(this.invocationOf(effect));
  }

  async command(instance: SagaInstance, effect: CommandEffect): Promise<void> {
    const invocation = this.invocationOf(effect);
    if (isLocal(invocation)) return;
    await this.#messaging.publish(
      invocation.participant,
      instance.jobId,
      {
        sagaId: instance.sagaId,
        jobId: instance.jobId,
        step: effect.step,
        action: `STEP_ACTION_${effect.action}`,
        payloadJson: instance.payloadJson,
        replyTopic: this.#replyTopicName,
        attempt: effect.attempt,
      },
      { id: effect.id },
    );
  }

  async event(jobId: string, effect: JobEventEffect): Promise<void> {
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
        cancelRefused: effect.cancelRefused,
      },
      { id: effect.id },
    );
  }
}
