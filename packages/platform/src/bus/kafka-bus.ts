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
import { type KafkaConsumerConfig, kafkaConsumerEnv, loadConfig } from '../config.ts';
import { kafkaConsumerLag } from '../metrics.ts';
import { retryKafka } from './kafka-retry.ts';
import { handleKeyOrdered } from './key-ordered.ts';
import { OffsetCommitter } from './offset-committer.ts';
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
  /** How consumers work; the defaults are those of the KAFKA_* variables in kafkaConsumerEnv. */
  consumerSettings?: ConsumerSettings;
}

export interface ConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  fetchMaxWaitMs: number;
  /** Keys of a partition's batch handled concurrently. */
  window: number;
  /** How long done offsets may wait to be committed together (see OffsetCommitter). */
  commitIntervalMs: number;
}

/** The consumer settings a service configured, from its validated environment. */
export function consumerSettingsFrom(config: KafkaConsumerConfig): ConsumerSettings {
  return {
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
    fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
    window: config.KAFKA_CONSUMER_WINDOW,
    commitIntervalMs: config.KAFKA_COMMIT_INTERVAL_MS,
  };
}

/** How often the cluster is asked whether it still answers, for readiness while nothing is published. */
const PROBE_INTERVAL_MS = 2000;

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
  readonly #publishTimeoutMs: number;
  readonly #batcher = new ProduceBatcher((batch) => this.#send(batch));
  readonly #log: KafkaBusOptions['logger'];
  readonly #settings: ConsumerSettings;
  /** Aborts every retry loop once the bus is closing. */
  readonly #closing = new AbortController();
  /** Per consumer: joined and assigned, and not crashed since. */
  readonly #consumerReady = new Map<Consumer, boolean>();
  readonly #ephemeralGroups = new Map<Consumer, string>();
  /** Per consumer: what its stop must do before it leaves the group (see #stopConsumer). */
  readonly #drains = new Map<Consumer, () => Promise<void>>();
  #producerReady: Promise<void> | undefined;
  #producerConnected = false;
  #clusterAnswers = true;
  #probe: NodeJS.Timeout | undefined;

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
      this.#producerConnected = false;
      this.#producerReady = undefined;
    });
    this.#publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.#settings = options.consumerSettings ?? consumerSettingsFrom(loadConfig(kafkaConsumerEnv, {}));
  }

  #retry<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return retryKafka(what, operation, { logger: this.#log, signal: this.#closing.signal });
  }

  /**
   * Creates the topics that do not exist yet. A broker that has just started may refuse connections or not know
   * its new partitions' leaders for a while, longer than kafkajs' own retries wait; that is retried here.
   */
  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    await this.#retry('creating topics', () => this.#createMissingTopics(topics));
    await this.#retry('waiting for the topics to be served', () =>
      this.#requireLeaders(topics.map((topic) => topic.name)),
    );
  }

  /**
   * Resolves once every partition of the topics has a leader in the broker's metadata. kafkajs' own wait stops at
   * the first answer that is not LEADER_NOT_AVAILABLE, and a loaded KRaft broker can answer UNKNOWN_TOPIC for
   * seconds after creating a topic, which a publish right after would run into.
   */
  async #requireLeaders(names: readonly string[]): Promise<void> {
    const admin = this.#kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      const leaderless = topics.filter((topic) =>
        topic.partitions.some((partition) => partition.partitionErrorCode !== 0 || partition.leader < 0),
      );
      if (leaderless.length > 0) {
        const listed = leaderless.map((topic) => topic.name).join(', ');
        throw Object.assign(new Error(`no leader yet for a partition of ${listed}`), { retriable: true });
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Where a group that has never committed starts when it asks for only new messages: the end of each partition as
   * of now, before it joins. Left to the consumer, the end is read only at its first fetch, after the join, and
   * what is published in between is skipped. Partitions the group has committed are left out: they resume.
   */
  async #uncommittedEnds(groupId: string, topics: readonly string[]): Promise<Map<string, string>> {
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, string>();
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        const uncommitted = new Set(partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
        if (uncommitted.size === 0) continue;
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          if (uncommitted.has(partition)) ends.set(`${topic}/${partition}`, high);
        }
      }
      return ends;
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Seeks the partitions a join assigned to the ends read before it; kafkajs applies a seek at the next fetch, so
   * the first fetch already starts there. (kafkajs' own admin.setOffsets would do it with a
   * throwaway member that holds the group for a whole fetch wait, 5 s by default.)
   */
  #seekToStartingEnds(consumer: Consumer, ends: Map<string, string>, committer: OffsetCommitter): void {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const offset = ends.get(`${topic}/${partition}`);
          if (offset === undefined) continue;
          ends.delete(`${topic}/${partition}`);
          consumer.seek({ topic, partition, offset });
          // Committed with the first done offsets, so a restart before any message arrives starts here too.
          committer.done(topic, partition, offset);
        }
      }
    });
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

  /**
   * Sends one batch. Retriable failures (a topic whose metadata has not reached the broker yet, a leader moving)
   * are retried until the publish deadline, past kafkajs' own two retries; the caller's publish fails at that
   * deadline anyway, so nothing is sent after the caller has been told it failed.
   */
  async #send(batch: ReadonlyMap<string, readonly BusMessage[]>): Promise<void> {
    await this.connect();
    const topicMessages = [...batch].map(([topic, messages]) => ({
      topic,
      messages: messages.map((message) => ({
        key: message.key,
        value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
        headers: message.headers,
      })),
    }));
    const deadline = AbortSignal.any([this.#closing.signal, AbortSignal.timeout(this.#publishTimeoutMs)]);
    await retryKafka('publishing', () => this.#producer.sendBatch({ acks: -1, topicMessages }), {
      logger: this.#log,
      signal: deadline,
      maxDelayMs: 500,
    });
  }

  async consume(options: ConsumerOptions): Promise<BusConsumer> {
    const sessionTimeout = options.sessionTimeoutMs ?? this.#settings.sessionTimeoutMs;
    const heartbeatInterval = Math.min(this.#settings.heartbeatIntervalMs, Math.floor(sessionTimeout / 3));
    const consumer = this.#kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      // A member must rejoin within this once a rebalance starts; live members do so at their next heartbeat.
      rebalanceTimeout: Math.max(sessionTimeout, 10_000),
      heartbeatInterval,
      // Heartbeats go out between fetches, so an idle fetch must return well within the session timeout.
      maxWaitTimeInMs: Math.min(this.#settings.fetchMaxWaitMs, Math.floor(sessionTimeout / 3)),
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5000 },
    });
    this.#consumerReady.set(consumer, false);
    const batches = new RunningBatches(heartbeatInterval);
    const committer = new OffsetCommitter({
      commit: (offsets) => consumer.commitOffsets(offsets),
      intervalMs: this.#settings.commitIntervalMs,
      // The offsets stay pending and are tried again; a rebalance hands them to the partitions' new owner.
      onError: (error) =>
        this.#log.warn({ err: error, groupId: options.groupId }, 'could not commit offsets yet'),
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => committer.keepOnly(payload.memberAssignment));
    this.#drains.set(consumer, async () => {
      consumer.pause(options.topics.map((topic) => ({ topic })));
      await batches.idle();
      await committer.flush();
      committer.close();
    });
    const started = this.#watchConsumer(consumer, options.groupId);
    started.catch(() => undefined); // awaited below; this only keeps an early crash from counting as unhandled
    trackLag(consumer, options.groupId);
    try {
      // A consumer's handlers publish (replies, updates, dead letters), and readiness counts the producer too.
      await this.connect();
      if (!options.fromBeginning) {
        const ends = await this.#retry(`reading where group ${options.groupId} starts`, () =>
          this.#uncommittedEnds(options.groupId, options.topics),
        );
        this.#seekToStartingEnds(consumer, ends, committer);
      }
      await this.#retry(`joining group ${options.groupId}`, async () => {
        await consumer.connect();
        await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
      });
      await consumer.run({
        // Done offsets are committed in the background (OffsetCommitter), not after each batch before the next fetch.
        autoCommit: false,
        // Partitions are independent streams, and so are the keys within one (see handleKeyOrdered).
        partitionsConsumedConcurrently: 8,
        // Offsets are resolved by hand: only up to the last message of the batch's leading run of done ones.
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const { topic, partition } = batch;
          const received = batch.messages.map(
            (message): ReceivedMessage => ({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? '',
              value: message.value ?? new Uint8Array(),
              headers: headersOf(message.headers),
            }),
          );
          batches.started(heartbeat);
          try {
            const outcome = await handleKeyOrdered(received, options.handle, {
              window: this.#settings.window,
              keepGoing: () => isRunning() && !isStale(),
            });
            if (outcome.done > 0) {
              const { offset } = received[outcome.done - 1] as ReceivedMessage;
              resolveOffset(offset);
              committer.done(topic, partition, (BigInt(offset) + 1n).toString());
            }
            // Thrown, the error makes kafkajs fetch the partition again from the first message not resolved.
            if ('error' in outcome) throw outcome.error;
          } finally {
            batches.finished();
          }
        },
      });
      await started;
    } catch (error) {
      this.#consumerReady.delete(consumer);
      this.#drains.delete(consumer);
      committer.close();
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    if (options.ephemeral) this.#ephemeralGroups.set(consumer, options.groupId);
    return { stop: () => this.#stopConsumer(consumer) };
  }

  /**
   * Stops fetching, lets the batches under way finish and commits what they did, then leaves the group (its
   * partitions move at once rather than after the session timeout); deletes the group if ephemeral.
   */
  async #stopConsumer(consumer: Consumer): Promise<void> {
    if (!this.#consumerReady.delete(consumer)) return;
    const drain = this.#drains.get(consumer);
    this.#drains.delete(consumer);
    await drain?.().catch((error: unknown) => this.#log.warn({ err: error }, 'could not drain a consumer'));
    await consumer.disconnect();
    const groupId = this.#ephemeralGroups.get(consumer);
    if (groupId === undefined) return;
    this.#ephemeralGroups.delete(consumer);
    const admin = this.#kafka.admin({ retry: { retries: 2 } });
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      // Left behind, it only holds committed offsets, which the broker expires (offsets.retention.minutes).
      this.#log.warn({ err: error, groupId }, 'could not delete an ephemeral consumer group');
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Keeps the consumer's readiness: true from each group join, false from a crash until it has rejoined. Resolves
   * at the first join; rejects when the consumer crashes for good (kafkajs restarts it after retriable crashes).
   */
  #watchConsumer(consumer: Consumer, groupId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (this.#consumerReady.has(consumer)) this.#consumerReady.set(consumer, true);
        resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (this.#consumerReady.has(consumer)) this.#consumerReady.set(consumer, false);
        if (payload.restart) return;
        this.#log.error({ err: payload.error, groupId }, 'consumer stopped for good');
        reject(payload.error);
      });
    });
  }

  /** Ready to work: the producer is connected, the cluster answers, and every consumer has joined its group. */
  isHealthy(): boolean {
    if (!this.#producerConnected || !this.#clusterAnswers) return false;
    for (const ready of this.#consumerReady.values()) if (!ready) return false;
    return true;
  }

  /**
   * Connects the producer ahead of the first publish, so readiness reflects the cluster, waiting for as long as
   * the cluster takes to come up; then keeps asking the cluster whether it answers.
   */
  async connect(): Promise<void> {
    this.#producerReady ??= this.#retry('connecting the producer', () => this.#producer.connect()).then(
      () => {
        this.#producerConnected = true;
        this.#startProbe();
      },
      (error: unknown) => {
        this.#producerReady = undefined;
        throw error;
      },
    );
    await this.#producerReady;
  }

  /** kafkajs reports no lost connection while idle, so a metadata request every few seconds does. */
  #startProbe(): void {
    if (this.#probe || this.#closing.signal.aborted) return;
    // One attempt per probe: the next probe is the retry, and a lost cluster shows within a few seconds.
    const admin = this.#kafka.admin({ retry: { retries: 0 } });
    let probing = false;
    this.#probe = setInterval(() => {
      if (probing) return;
      probing = true;
      admin
        .connect()
        .then(() => admin.describeCluster())
        .then(
          () => {
            if (!this.#clusterAnswers) this.#log.info('Kafka answers again');
            this.#clusterAnswers = true;
          },
          (error: unknown) => {
            if (this.#clusterAnswers) this.#log.warn({ err: error }, 'Kafka does not answer; not ready');
            this.#clusterAnswers = false;
          },
        )
        .finally(() => {
          probing = false;
        });
    }, PROBE_INTERVAL_MS);
    this.#probe.unref();
    this.#stopProbe = () => admin.disconnect();
  }

  #stopProbe: () => Promise<void> = async () => undefined;

  async close(): Promise<void> {
    this.#closing.abort();
    clearInterval(this.#probe);
    await Promise.allSettled([...this.#consumerReady.keys()].map((consumer) => this.#stopConsumer(consumer)));
    await this.#stopProbe().catch(() => undefined);
    await this.#producer.disconnect();
    this.#producerConnected = false;
  }
}

/**
 * The batches a consumer is handling. kafkajs sends heartbeats only between fetches and between messages, so one
 * handler call longer than the session timeout (a slow participant, a CPU-starved host) would lose the group its
 * partitions, and the redelivered message would do the same again. While a batch runs, this sends them on a
 * timer, as Kafka's Java consumer does from its own thread; concurrent batches share one request. A handler that
 * never returns is the handler's bug, and its own timeouts (publish, Redis) bound it. It also tells a stopping
 * consumer when the last batch under way has finished.
 */
class RunningBatches {
  readonly #intervalMs: number;
  #running = 0;
  #heartbeat: (() => Promise<void>) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #idle: Array<() => void> = [];

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** A batch starts; the timer runs while any does, so it needs no stopping of its own. */
  started(heartbeat: () => Promise<void>): void {
    this.#heartbeat = heartbeat;
    if (this.#running++ > 0) return;
    this.#timer = setInterval(() => {
      // A failed heartbeat (a rebalance began) is for the consumer's own loop to act on at its next one.
      this.#heartbeat?.().catch(() => undefined);
    }, this.#intervalMs);
    this.#timer.unref();
  }

  finished(): void {
    if (--this.#running > 0) return;
    clearInterval(this.#timer);
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Resolves once no batch is being handled. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
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
