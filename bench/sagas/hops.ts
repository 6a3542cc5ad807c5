import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { encodeMessage, type MessageInput, TOPICS, type TopicDefinition } from '@jobtrack/contracts';
import type { Messaging } from '@jobtrack/platform';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { orderInput } from './sagas.ts';
import { Arrivals } from './windowed.ts';

/** One Kafka hop, produce to consume: what a saga step makes twice (command out, reply back). */
export interface Hop {
  /** Sends one message keyed `key`; resolves with the ms from the send to its arrival at the consumer. */
  roundTrip(key: string): Promise<number>;
  stop(): Promise<void>;
}

type Command = MessageInput<'jobtrack.events.v1.ParticipantCommand'>;

/** The topics the hops run on: as many partitions as the participants' command topics. */
export const RAW_HOP_TOPIC = { name: 'bench.hop.raw.v1', partitions: TOPICS.paymentCommands.partitions };
const commandTopic = (name: string): TopicDefinition<'jobtrack.events.v1.ParticipantCommand'> => ({
  name,
  messageType: 'jobtrack.events.v1.ParticipantCommand',
  partitions: TOPICS.paymentCommands.partitions,
});
export const MESSAGING_HOP_TOPIC = commandTopic('bench.hop.messaging.v1');
export const RELAY_IN_TOPIC = commandTopic('bench.relay.in.v1');
export const RELAY_OUT_TOPIC = commandTopic('bench.relay.out.v1');

/** A command shaped and sized like the ones the order orchestrator sends its participants. */
export function sampleCommand(replyTopic: string): Command {
  const jobId = randomUUID();
  return {
    sagaId: jobId,
    jobId,
    step: 'authorize_payment',
    action: 'STEP_ACTION_EXECUTE',
    payloadJson: JSON.stringify(orderInput(`order-${jobId}`)),
    replyTopic,
    attempt: 1,
  };
}

/**
 * The baseline hop: kafkajs alone, with the producer and consumer settings of the platform's KafkaBus (acks from
 * all in-sync replicas, Kafka's partitioner, the same group timeouts and partition concurrency) and the same
 * protobuf bytes as a participant command, but none of what Messaging adds: no CloudEvents headers, trace
 * context, spans, metrics, produce batching or decoding.
 */
export async function startRawHop(options: {
  brokers: string[];
  topic: string;
  groupId: string;
  command: Command;
}): Promise<Hop> {
  const { topic } = options;
  const kafka = new Kafka({
    clientId: 'bench-raw-hop',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
  });
  const arrivals = new Arrivals();
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 8,
    eachMessage: async ({ message }) => arrivals.arrive(message.key?.toString() ?? ''),
  });
  await joined;
  const value = Buffer.from(encodeMessage('jobtrack.events.v1.ParticipantCommand', options.command));
  return {
    async roundTrip(key) {
      const arrived = arrivals.expect(key);
      const sentAt = performance.now();
      await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      return (await arrived) - sentAt;
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

/** The same hop through the platform's Messaging over KafkaBus, exactly as the orchestrator and participants use it. */
export async function startMessagingHop(options: {
  messaging: Messaging;
  groupId: string;
  command: Command;
}): Promise<Hop> {
  const { messaging, command } = options;
  const arrivals = new Arrivals();
  const consumer = await messaging.consume({
    groupId: options.groupId,
    topic: MESSAGING_HOP_TOPIC,
    handle: async (_command, meta) => arrivals.arrive(meta.key),
  });
  return {
    async roundTrip(key) {
      const arrived = arrivals.expect(key);
      const sentAt = performance.now();
      await messaging.publish(MESSAGING_HOP_TOPIC, key, command);
      return (await arrived) - sentAt;
    },
    stop: () => consumer.stop(),
  };
}

/**
 * Two Messaging hops with a consumer in between that publishes each message on and returns once that publish is
 * acknowledged, as a participant does with its reply: a saga step with a participant that does nothing and no
 * orchestrator state. The message's second leg starts only when its first has been consumed.
 */
export async function startMessagingRelay(options: {
  messaging: Messaging;
  groupId: string;
  command: Command;
}): Promise<Hop> {
  const { messaging, command } = options;
  const arrivals = new Arrivals();
  const relay = await messaging.consume({
    groupId: `${options.groupId}-relay`,
    topic: RELAY_IN_TOPIC,
    handle: (relayed, meta) => messaging.publish(RELAY_OUT_TOPIC, meta.key, relayed),
  });
  const consumer = await messaging.consume({
    groupId: options.groupId,
    topic: RELAY_OUT_TOPIC,
    handle: async (_command, meta) => arrivals.arrive(meta.key),
  });
  return {
    async roundTrip(key) {
      const arrived = arrivals.expect(key);
      const sentAt = performance.now();
      await messaging.publish(RELAY_IN_TOPIC, key, command);
      return (await arrived) - sentAt;
    },
    async stop() {
      await Promise.all([relay.stop(), consumer.stop()]);
    },
  };
}
