/**
 * The message bus port. Two adapters implement it: Kafka (kafkajs) and in-memory, for the embedded mode;
 * both pass the contract suite in test/support/bus-contract.ts.
 *
 * Guarantees: messages with the same key on a topic reach a group in publish order; every group sees every
 * message at least once; within a group a partition is read by one member at a time; a handler that throws
 * gets the same message again; a group that restarts resumes after the last message it handled.
 */
export interface BusMessage {
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

export interface ReceivedMessage extends BusMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts: the oldest retained message, or only new ones. */
  fromBeginning: boolean;
  /** How long a silent member keeps its partitions before the group moves them; Kafka's default when unset. */
  sessionTimeoutMs?: number;
  /** A group of one member that is deleted once it stops, such as a replica's own group; kept when unset. */
  ephemeral?: boolean;
  handle(message: ReceivedMessage): Promise<void>;
}

export interface BusConsumer {
  stop(): Promise<void>;
}

export interface MessageBus {
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  publish(topic: string, messages: readonly BusMessage[]): Promise<void>;
  /** Resolves once the consumer has joined its group and been assigned partitions. */
  consume(options: ConsumerOptions): Promise<BusConsumer>;
  /** True while the bus can publish; used by readiness. */
  isHealthy(): boolean;
  close(): Promise<void>;
}

export class UnknownTopicError extends Error {
  override name = 'UnknownTopicError';
}
