import type { MessageTypeName } from './codec.ts';

/** A Kafka topic and the one message type it carries. Every topic of the platform is declared here. */
export interface TopicDefinition<T extends MessageTypeName = MessageTypeName> {
  readonly name: string;
  readonly messageType: T;
  readonly partitions: number;
}

function topic<T extends MessageTypeName>(
  name: string,
  messageType: T,
  partitions: number,
): TopicDefinition<T> {
  return { name, messageType, partitions };
}

// Partition counts: job-scoped topics are keyed by job id, so the count bounds consumer parallelism per group.
export const TOPICS = {
  orderCommands: topic('jobtrack.order.commands.v1', 'jobtrack.events.v1.JobCommand', 3),
  jobEvents: topic('jobtrack.job.events.v1', 'jobtrack.events.v1.JobEvent', 6),
  jobUpdates: topic('jobtrack.job.updates.v1', 'jobtrack.jobs.v1.JobUpdate', 6),
  inventoryCommands: topic(
    'jobtrack.order.inventory.commands.v1',
    'jobtrack.events.v1.ParticipantCommand',
    3,
  ),
  paymentCommands: topic('jobtrack.order.payment.commands.v1', 'jobtrack.events.v1.ParticipantCommand', 3),
  shippingCommands: topic('jobtrack.order.shipping.commands.v1', 'jobtrack.events.v1.ParticipantCommand', 3),
  orderReplies: topic('jobtrack.order.replies.v1', 'jobtrack.events.v1.ParticipantReply', 3),
  mediaCommands: topic('jobtrack.media.commands.v1', 'jobtrack.events.v1.JobCommand', 3),
  storageCommands: topic('jobtrack.media.storage.commands.v1', 'jobtrack.events.v1.ParticipantCommand', 3),
  transcoderCommands: topic(
    'jobtrack.media.transcoder.commands.v1',
    'jobtrack.events.v1.ParticipantCommand',
    3,
  ),
  albumCommands: topic('jobtrack.media.album.commands.v1', 'jobtrack.events.v1.ParticipantCommand', 3),
  notifierCommands: topic('jobtrack.media.notifier.commands.v1', 'jobtrack.events.v1.ParticipantCommand', 3),
  mediaReplies: topic('jobtrack.media.replies.v1', 'jobtrack.events.v1.ParticipantReply', 3),
  // Keyed by user.
  wsConnections: topic('jobtrack.ws.connections.v1', 'jobtrack.events.v1.ConnectionEvent', 3),
} as const;

/** Where consumers put messages they cannot process, with the reason in headers; raw bytes are kept as-is. */
export const DEAD_LETTER_TOPIC = { name: 'jobtrack.dead-letter.v1', partitions: 3 } as const;

export const ALL_TOPICS: ReadonlyArray<{ name: string; partitions: number }> = [
  ...Object.values(TOPICS),
  DEAD_LETTER_TOPIC,
];
