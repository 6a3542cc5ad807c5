import {
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaConfig,
  type LogEntry,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaConsumerLag } from '../metrics.ts';
import type {
  BusConsumer,
  BusMessage,
  ConsumerOptions,
  MessageBus,
  ReceivedMessage,
  TopicSpec,
} from './port.ts';
import { ProduceBatcher } from './produce-batcher.ts';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Upper bound on one publish, so a caller facing an unreachable cluster fails fast instead of hanging. */
  publishTimeoutMs?: number;
}

const CREATE_TOPICS_ATTEMPTS = 6;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return headers;
}

/** The message bus on Apache Kafka through kafkajs. */
export class KafkaBus implements MessageBus {
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #consumers = new Set<Consumer>();
  readonly #publishTimeoutMs: number;
  readonly #batcher = new ProduceBatcher((batch) => this.#send(batch));
  readonly #log: KafkaBusOptions['logger'];
  #producerReady: Promise<void> | undefined;
  #healthy = false;

  constructor(options: KafkaBusOptions) {
    const log = options.logger.child({ component: 'kafkajs' });
    this.#log = log;
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          const { message, ...rest } = entry;
          log[LEVELS[level] ?? 'info'](rest, message);
        },
    };
    this.#kafka = new Kafka(config);
    this.#producer = this.#kafka.producer({
      allowAutoTopicCreation: false,
      // Kafka's own (murmur2) partitioner, so keys land where Java and librdkafka producers would put them.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.#producer.on(this.#producer.events.DISCONNECT, () => {
      this.#healthy = false;
      this.#producerReady = undefined;
    });
    this.#publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  }

  /**
   * Creates the topics that do not exist yet. A broker that has just started may not know its new partitions'
   * leaders for a few seconds, longer than kafkajs' own retries wait; such retriable errors are retried here.
   */
  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#createMissingTopics(topics);
        return;
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || attempt >= CREATE_TOPICS_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  /**
   * Commits the current end of each partition for a group that has never committed, so that "only new messages"
   * means new since consume() was called. Left to the consumer, the end is read only at its first fetch, after
   * the group join, and what is published in between is skipped. A group that has committed keeps its offsets;
   * a replica starting beside another one at the same moment finds the group busy and leaves it be.
   */
  async #startNewGroupAtEnd(groupId: string, topics: readonly string[]): Promise<void> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        if (partitions.some((partition) => partition.offset !== '-1')) continue;
        const ends = await admin.fetchTopicOffsets(topic);
        await admin
          .setOffsets({
            groupId,
            topic,
            partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
          })
          .catch((error: unknown) => this.#log.debug({ err: error, groupId, topic }, 'group already active'));
      }
    } finally {
      await admin.disconnect();
    }
  }

  async #createMissingTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  async publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`publish to ${topic} timed out after ${this.#publishTimeoutMs} ms`)),
        this.#publishTimeoutMs,
      );
    });
    try {
      await Promise.race([this.#batcher.publish(topic, messages), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #send(batch: ReadonlyMap<string, readonly BusMessage[]>): Promise<void> {
    await this.connect();
    await this.#producer.sendBatch({
      acks: -1,
      topicMessages: [...batch].map(([topic, messages]) => ({
        topic,
        messages: messages.map((message) => ({
          key: message.key,
          value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
          headers: message.headers,
        })),
      })),
    });
  }

  async consume(options: ConsumerOptions): Promise<BusConsumer> {
    const consumer = this.#kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5000 },
    });
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    trackLag(consumer, options.groupId);
    if (!options.fromBeginning) await this.#startNewGroupAtEnd(options.groupId, options.topics);
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
    await consumer.run({
      // Partitions are independent streams (one key each keeps its order), so read them concurrently.
      partitionsConsumedConcurrently: 8,
      eachMessage: async ({ topic, partition, message }) => {
        const received: ReceivedMessage = {
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value ?? new Uint8Array(),
          headers: headersOf(message.headers),
        };
        await options.handle(received);
      },
    });
    await joined;
    this.#consumers.add(consumer);
    return {
      stop: async () => {
        this.#consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  isHealthy(): boolean {
    return this.#healthy;
  }

  /** Connects the producer ahead of the first publish, so readiness reflects the cluster. */
  async connect(): Promise<void> {
    this.#producerReady ??= this.#producer.connect().then(
      () => {
        this.#healthy = true;
      },
      (error: unknown) => {
        this.#producerReady = undefined;
        throw error;
      },
    );
    await this.#producerReady;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#consumers].map((consumer) => consumer.disconnect()));
    this.#consumers.clear();
    await this.#producer.disconnect();
    this.#healthy = false;
  }
}

/**
 * Keeps `jobtrack_kafka_consumer_lag` for the partitions this consumer holds: set after each batch, and dropped
 * for partitions a rebalance moved elsewhere, whose new owner reports them from then on.
 */
function trackLag(consumer: Consumer, group: string): void {
  const held = new Map<string, { group: string; topic: string; partition: string }>();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const labels = { group, topic: payload.topic, partition: String(payload.partition) };
    held.set(`${labels.topic}/${labels.partition}`, labels);
    kafkaConsumerLag.set(labels, Number(payload.offsetLag));
  });
  const forget = (keep: (topic: string, partition: string) => boolean) => {
    for (const [key, labels] of held) {
      if (keep(labels.topic, labels.partition)) continue;
      kafkaConsumerLag.remove(labels);
      held.delete(key);
    }
  };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = payload.memberAssignment;
    forget((topic, partition) => (assigned[topic] ?? []).includes(Number(partition)));
  });
  consumer.on(consumer.events.STOP, () => forget(() => false));
}
