import {
  ALL_TOPICS,
  DEAD_LETTER_TOPIC,
  type MediaProcessInput,
  type MessageInput,
  type OrderPlaceInput,
  type ParticipantReply,
  TOPICS,
  type TopicDefinition,
} from '@jobtrack/contracts';
import {
  createLogger,
  MemoryBus,
  type MessageMeta,
  Messaging,
  type ReceivedMessage,
} from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import {
  type AppliedCommand,
  PARTICIPANT_NAMES,
  participantCommands,
  startParticipants,
} from '../../src/index.ts';

export type Command = MessageInput<'jobtrack.events.v1.ParticipantCommand'>;
type CommandTopic = TopicDefinition<'jobtrack.events.v1.ParticipantCommand'>;

export const ORDER: OrderPlaceInput = {
  orderId: 'o-1',
  items: [{ sku: 'sku-1', quantity: 1 }],
  amountCents: 500,
  currency: 'EUR',
};

export const MEDIA: MediaProcessInput = {
  mediaId: 'm-1',
  albumId: 'a-1',
  fileName: 'cat.jpg',
  contentType: 'image/jpeg',
  sizeBytes: 2048,
  renditions: ['thumbnail', '720p'],
};

export interface Received {
  topic: string;
  reply: ParticipantReply;
  meta: MessageMeta;
}

export interface CommandOptions {
  action?: Command['action'];
  attempt?: number;
  payload?: unknown;
  /** The raw payload, for one that is not JSON. */
  payloadJson?: string;
  replyTopic?: string;
}

/** How often a participant counted an outcome, to compare before and after a test's commands. */
export async function counted(participant: string, action: string, outcome: string): Promise<number> {
  const { values } = await participantCommands.get();
  const entry = values.find(
    (v) => v.labels.participant === participant && v.labels.action === action && v.labels.outcome === outcome,
  );
  return entry?.value ?? 0;
}

/** All seven participants on a MemoryBus, with spies on both reply topics, the dead letters and the ledger. */
export async function startHarness(options: { failureRate?: number } = {}) {
  const bus = new MemoryBus();
  const logger = createLogger({ name: 'participants-test', level: 'silent' });
  const messaging = new Messaging({ bus, source: 'participants-test', logger });
  await messaging.createTopics(ALL_TOPICS);
  const replies = new Collector<Received>();
  const deadLetters = new Collector<ReceivedMessage>();
  const applied: AppliedCommand[] = [];
  for (const topic of [TOPICS.orderReplies, TOPICS.mediaReplies]) {
    await messaging.consume({
      groupId: 'spy-replies',
      topic,
      handle: async (reply, meta) => replies.push({ topic: topic.name, reply, meta }),
    });
  }
  await bus.consume({
    groupId: 'spy-dead-letters',
    topics: [messaging.topicName(DEAD_LETTER_TOPIC)],
    fromBeginning: true,
    handle: async (message) => deadLetters.push(message),
  });
  const running = await startParticipants({
    messaging,
    logger,
    participants: PARTICIPANT_NAMES,
    latencyMs: 0,
    failureRate: options.failureRate ?? 0,
    onApplied: (entry) => applied.push(entry),
  });

  const command = (step: string, options: CommandOptions = {}): Command => {
    const media = ['store_upload', 'generate_renditions', 'add_to_album', 'notify'].includes(step);
    return {
      sagaId: 'saga-1',
      jobId: 'job-1',
      step,
      action: options.action ?? 'STEP_ACTION_EXECUTE',
      attempt: options.attempt ?? 1,
      payloadJson: options.payloadJson ?? JSON.stringify(options.payload ?? (media ? MEDIA : ORDER)),
      replyTopic:
        options.replyTopic ?? messaging.topicName(media ? TOPICS.mediaReplies : TOPICS.orderReplies),
    };
  };
  const send = (topic: CommandTopic, sent: Command, id: string) =>
    messaging.publish(topic, sent.jobId ?? '', sent, { id });

  return {
    messaging,
    replies,
    deadLetters,
    applied,
    command,
    send,
    async stop() {
      await running.stop();
      await bus.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
