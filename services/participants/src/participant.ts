import { setTimeout as delay } from 'node:timers/promises';
import type { ParticipantCommand } from '@jobtrack/contracts';
import {
  type Logger,
  type MessageMeta,
  type Messaging,
  PoisonMessageError,
  type Running,
} from '@jobtrack/platform';
import type { ParticipantDefinition, ParticipantName } from './catalog.ts';
import { plan } from './decision.ts';
import { IdempotencyRecords } from './idempotency.ts';
import { type CommandOutcome, participantCommands } from './metrics.ts';
import { finalReply, progressId, progressReply, type Reply, replyId } from './replies.ts';

/** One actual application of a command: replays, redeliveries and hangs apply nothing and are not reported. */
export interface AppliedCommand {
  participant: ParticipantName;
  sagaId: string;
  jobId: string;
  step: string;
  action: ParticipantCommand['action'];
  attempt: number;
  commandId: string;
  outcome: 'success' | 'failure';
}

export interface ParticipantOptions {
  messaging: Messaging;
  logger: Logger;
  /** How long each command takes, as a remote service call would; the transcoder takes it per rendition. */
  latencyMs: number;
  /** Probability (0..1) that an EXECUTE fails on its own. */
  failureRate: number;
  /** Called once per application of a command, so a test can assert that none is applied twice. */
  onApplied?: (applied: AppliedCommand) => void;
}

const ACTIONS = new Set(['STEP_ACTION_EXECUTE', 'STEP_ACTION_COMPENSATE']);

// Unreferenced: a simulated wait must not keep a stopping process alive.
const wait = (ms: number): Promise<void> | undefined =>
  ms > 0 ? delay(ms, undefined, { ref: false }) : undefined;

/** Works stage by stage, latencyMs each (one stage if none are named), reporting after each but the last. */
async function runStages(
  stages: readonly string[],
  latencyMs: number,
  report: (percent: number, message: string) => Promise<void>,
): Promise<void> {
  for (let done = 1; done <= Math.max(stages.length, 1); done++) {
    await wait(latencyMs);
    if (done < stages.length)
      await report(Math.round((100 * done) / stages.length), `${stages[done - 1]} done`);
  }
}

function check(definition: ParticipantDefinition, command: ParticipantCommand, replyTopic: string): void {
  // Replies are published through the topic declaration, so only the one reply topic this knows is valid.
  if (command.replyTopic !== replyTopic) {
    throw new PoisonMessageError(`reply topic "${command.replyTopic}" is not ${replyTopic}`);
  }
  if (command.step !== definition.step) {
    throw new PoisonMessageError(`step "${command.step}" is not run by ${definition.name}`);
  }
  if (!ACTIONS.has(command.action)) throw new PoisonMessageError(`action ${command.action} is not supported`);
}

/** Runs one simulated participant: consumes its command topic and replies on its domain's reply topic. */
export async function startParticipant(
  definition: ParticipantDefinition,
  options: ParticipantOptions,
): Promise<Running> {
  const { messaging, latencyMs } = options;
  const logger = options.logger.child({ participant: definition.name });
  const replyTopicName = messaging.topicName(definition.replyTopic);
  const records = new IdempotencyRecords();

  const handle = async (command: ParticipantCommand, meta: MessageMeta): Promise<void> => {
    check(definition, command, replyTopicName);
    const log = logger.child({ sagaId: command.sagaId, jobId: command.jobId, step: command.step });
    const { delayMs, duplicateReplies, decision } = plan(definition, command, options.failureRate);
    const count = (outcome: CommandOutcome) =>
      participantCommands.inc({ participant: definition.name, action: command.action, outcome });
    const send = async (reply: Reply, id: string) => {
      for (let copy = duplicateReplies ? 2 : 1; copy > 0; copy--) {
        await messaging.publish(definition.replyTopic, command.jobId, reply, { id });
      }
    };
    const context = { action: command.action, attempt: command.attempt, commandId: meta.id };

    const earlier = records.answerTo(meta.id);
    if (earlier) {
      count('duplicate');
      log.info(context, 'redelivered command, answering as before');
      if (earlier.reply) {
        await wait(delayMs);
        await send(earlier.reply, replyId(meta.id));
      }
      return;
    }
    const success = records.successOf(command);
    if (success) {
      const replayed: Reply = { ...success, commandId: meta.id };
      await wait(delayMs);
      records.remember(meta.id, command, { reply: replayed });
      count('replayed');
      log.info(context, 'step already succeeded for this saga, replaying the success');
      await send(replayed, replyId(meta.id));
      return;
    }
    if (decision.kind === 'hang') {
      records.remember(meta.id, command, { reply: undefined });
      count('hung');
      log.info(context, 'simulating a hang: no reply');
      return;
    }

    // Waiting here holds the job's partition, as a slow service would: the job's next command (a retry, or the
    // compensation of this step) queues behind it, so an execution is always applied before its compensation.
    await wait(delayMs);
    await runStages(decision.kind === 'succeed' ? decision.stages : [], latencyMs, (percent, message) =>
      send(progressReply(command, meta.id, percent, message), progressId(meta.id, percent)),
    );
    const reply =
      decision.kind === 'succeed'
        ? finalReply(command, meta.id, { resultJson: decision.resultJson })
        : finalReply(command, meta.id, { errorCode: decision.errorCode, reason: decision.reason });
    const outcome = decision.kind === 'succeed' ? 'success' : 'failure';
    records.remember(meta.id, command, { reply });
    count(outcome);
    options.onApplied?.({
      participant: definition.name,
      sagaId: command.sagaId,
      jobId: command.jobId,
      step: command.step,
      action: command.action,
      attempt: command.attempt,
      commandId: meta.id,
      outcome,
    });
    log.debug({ ...context, outcome, errorCode: reply.errorCode }, 'command applied');
    await send(reply, replyId(meta.id));
  };

  const consumer = await messaging.consume({
    groupId: `participant-${definition.name}`,
    topic: definition.commandTopic,
    handle,
  });
  return { stop: () => consumer.stop() };
}
