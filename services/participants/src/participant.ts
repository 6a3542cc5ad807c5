import { setTimeout as delay } from 'node:timers/promises';
import { type MessageInput, type ParticipantCommand, TOPICS } from '@jobtrack/contracts';
import {
  type Logger,
  type MessageMeta,
  type Messaging,
  PoisonMessageError,
  type Running,
} from '@jobtrack/platform';
import { z } from 'zod';
import type { ParticipantDefinition } from './catalog.ts';
import { participantCommands } from './metrics.ts';
import { RecentReplies } from './recent-replies.ts';

type Reply = MessageInput<'jobtrack.events.v1.ParticipantReply'>;

export interface ParticipantOptions {
  messaging: Messaging;
  logger: Logger;
  /** How long each command takes, as a remote service call would. */
  latencyMs: number;
  /** Probability (0..1) that an EXECUTE fails on its own. */
  failureRate: number;
}

const ACTIONS = new Set(['STEP_ACTION_EXECUTE', 'STEP_ACTION_COMPENSATE']);
const REMEMBERED_COMMANDS = 10_000;

/** Only what a participant looks at in the order input; the orchestrator validated the rest. */
const simulation = z.looseObject({
  simulate: z.looseObject({ failStep: z.string().optional() }).optional(),
});

/** Answers a command: an EXECUTE fails when the input asks for it or by chance; a COMPENSATE always succeeds. */
function decide(
  definition: ParticipantDefinition,
  command: ParticipantCommand,
  failureRate: number,
): Pick<Reply, 'outcome' | 'reason' | 'resultJson'> {
  if (command.action === 'STEP_ACTION_COMPENSATE') {
    return { outcome: 'REPLY_OUTCOME_SUCCESS', reason: '', resultJson: '' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(command.payloadJson);
  } catch {
    payload = undefined;
  }
  const parsed = simulation.safeParse(payload);
  if (!parsed.success) return { outcome: 'REPLY_OUTCOME_FAILURE', reason: 'invalid payload', resultJson: '' };
  if (parsed.data.simulate?.failStep === definition.step || Math.random() < failureRate) {
    return { outcome: 'REPLY_OUTCOME_FAILURE', reason: definition.failureReason, resultJson: '' };
  }
  return {
    outcome: 'REPLY_OUTCOME_SUCCESS',
    reason: '',
    resultJson: JSON.stringify(definition.result(command.jobId)),
  };
}

/** Runs one simulated participant: consumes its command topic and replies to the orchestrator. */
export async function startParticipant(
  definition: ParticipantDefinition,
  options: ParticipantOptions,
): Promise<Running> {
  const { messaging } = options;
  const logger = options.logger.child({ participant: definition.name });
  const replyTopicName = messaging.topicName(TOPICS.orderReplies);
  const recent = new RecentReplies<Reply>(REMEMBERED_COMMANDS);

  const handle = async (command: ParticipantCommand, meta: MessageMeta): Promise<void> => {
    // Replies are published through the topic declaration, so only the one reply topic this knows is valid.
    if (command.replyTopic !== replyTopicName) {
      throw new PoisonMessageError(`reply topic "${command.replyTopic}" is not ${replyTopicName}`);
    }
    if (command.step !== definition.step) {
      throw new PoisonMessageError(`step "${command.step}" is not run by ${definition.name}`);
    }
    if (!ACTIONS.has(command.action))
      throw new PoisonMessageError(`action ${command.action} is not supported`);
    const log = logger.child({ sagaId: command.sagaId, jobId: command.jobId, step: command.step });
    let reply = recent.get(meta.id);
    if (reply) {
      participantCommands.inc({ participant: definition.name, action: command.action, outcome: 'duplicate' });
      log.info({ commandId: meta.id }, 'redelivered command, sending the same reply');
    } else {
      await delay(options.latencyMs);
      reply = {
        sagaId: command.sagaId,
        jobId: command.jobId,
        step: command.step,
        action: command.action,
        commandId: meta.id,
        ...decide(definition, command, options.failureRate),
      };
      recent.set(meta.id, reply);
      const outcome = reply.outcome === 'REPLY_OUTCOME_SUCCESS' ? 'success' : 'failure';
      participantCommands.inc({ participant: definition.name, action: command.action, outcome });
      log.debug({ action: command.action, outcome, reason: reply.reason }, 'command handled');
    }
    await messaging.publish(TOPICS.orderReplies, command.jobId, reply, { id: `${meta.id}:reply` });
  };

  const consumer = await messaging.consume({
    groupId: `participant-${definition.name}`,
    topic: definition.topic,
    handle,
  });
  return { stop: () => consumer.stop() };
}
