import { setTimeout as delay } from 'node:timers/promises';
import { kafkaConsumerEnv, loadConfig } from '../config.ts';
import { handleKeyOrdered } from './key-ordered.ts';
import { partitionForKey } from './partitioner.ts';
import {
  type BusConsumer,
  type BusMessage,
  type ConsumerOptions,
  type MessageBus,
  type ReceivedMessage,
  type TopicSpec,
  UnknownTopicError,
} from './port.ts';

interface Partition {
  log: BusMessage[];
  /** Wakes the readers waiting at the end of the log. */
  waiters: Set<() => void>;
}

interface Member {
  options: ConsumerOptions;
  stopped: boolean;
}

interface Group {
  members: Member[];
  committed: Map<string, number>;
  /** The handler call in progress per partition, so a reader taking over after a rebalance waits for it. */
  inFlight: Map<string, Promise<void>>;
  /** Bumped on every rebalance; a reader loop of an older generation ends. */
  generation: number;
}

const REDELIVERY_DELAY_MS = 50;
/** Messages handed out at once per partition, as a Kafka fetch would return. */
const MAX_BATCH = 500;

/** In-process bus with Kafka's semantics that matter here: keyed partitions, consumer groups, committed offsets. */
export class MemoryBus implements MessageBus {
  readonly #topics = new Map<string, Partition[]>();
  readonly #groups = new Map<string, Group>();
  /** Keys of a partition handled at once, as KafkaBus does (KAFKA_CONSUMER_WINDOW). */
  readonly #window: number;
  #closed = false;

  constructor(options: { window?: number } = {}) {
    this.#window = options.window ?? loadConfig(kafkaConsumerEnv, {}).KAFKA_CONSUMER_WINDOW;
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const { name, partitions } of topics) {
      if (this.#topics.has(name)) continue;
      this.#topics.set(
        name,
        Array.from({ length: partitions }, () => ({ log: [], waiters: new Set() })),
      );
    }
  }

  async publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    if (this.#closed) throw new Error('bus is closed');
    const partitions = this.#partitions(topic);
    for (const message of messages) {
      const partition = partitions[partitionForKey(message.key, partitions.length)] as Partition;
      partition.log.push({ key: message.key, value: message.value, headers: { ...message.headers } });
      for (const wake of partition.waiters) wake();
      partition.waiters.clear();
    }
  }

  async consume(options: ConsumerOptions): Promise<BusConsumer> {
    for (const topic of options.topics) this.#partitions(topic);
    let group = this.#groups.get(options.groupId);
    if (!group) {
      group = { members: [], committed: new Map(), inFlight: new Map(), generation: 0 };
      this.#groups.set(options.groupId, group);
    }
    const member: Member = { options, stopped: false };
    group.members.push(member);
    this.#rebalance(group);
    const owner = group;
    return {
      stop: async () => {
        member.stopped = true;
        owner.members = owner.members.filter((m) => m !== member);
        this.#rebalance(owner);
        if (options.ephemeral && owner.members.length === 0) this.#groups.delete(options.groupId);
      },
    };
  }

  isHealthy(): boolean {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const group of this.#groups.values()) {
      for (const member of group.members) member.stopped = true;
      group.members = [];
      this.#rebalance(group);
    }
  }

  #partitions(topic: string): Partition[] {
    const partitions = this.#topics.get(topic);
    if (!partitions) throw new UnknownTopicError(`unknown topic ${topic}`);
    return partitions;
  }

  /** Spreads every (topic, partition) the group reads over its members, round robin, like Kafka's assignors. */
  #rebalance(group: Group): void {
    group.generation++;
    for (const partitions of this.#topics.values()) {
      for (const partition of partitions) {
        for (const wake of partition.waiters) wake();
        partition.waiters.clear();
      }
    }
    const slots = new Map<string, { topic: string; index: number; members: Member[] }>();
    for (const member of group.members) {
      for (const topic of member.options.topics) {
        const count = this.#partitions(topic).length;
        for (let index = 0; index < count; index++) {
          const id = `${topic}:${index}`;
          const slot = slots.get(id) ?? { topic, index, members: [] };
          slot.members.push(member);
          slots.set(id, slot);
        }
      }
    }
    let turn = 0;
    for (const [id, slot] of slots) {
      const member = slot.members[turn++ % slot.members.length] as Member;
      if (!group.committed.has(id)) {
        const log = this.#partitions(slot.topic)[slot.index] as Partition;
        group.committed.set(id, member.options.fromBeginning ? 0 : log.log.length);
      }
      void this.#read(group, group.generation, member, slot.topic, slot.index);
    }
  }

  async #read(
    group: Group,
    generation: number,
    member: Member,
    topic: string,
    partitionIndex: number,
  ): Promise<void> {
    const partition = this.#partitions(topic)[partitionIndex] as Partition;
    const id = `${topic}:${partitionIndex}`;
    const current = () => !member.stopped && group.generation === generation;
    while (current()) {
      const previous = group.inFlight.get(id);
      if (previous) {
        await previous;
        continue;
      }
      const offset = group.committed.get(id) ?? 0;
      if (offset >= partition.log.length) {
        await new Promise<void>((resolve) => partition.waiters.add(resolve));
        continue;
      }
      const batch = partition.log.slice(offset, offset + MAX_BATCH).map(
        (stored, index): ReceivedMessage => ({
          ...stored,
          headers: { ...stored.headers },
          topic,
          partition: partitionIndex,
          offset: String(offset + index),
        }),
      );
      const handled = handleKeyOrdered(batch, member.options.handle, {
        window: this.#window,
        keepGoing: current,
      });
      group.inFlight.set(
        id,
        handled.then(() => undefined),
      );
      const outcome = await handled;
      group.inFlight.delete(id);
      group.committed.set(id, offset + outcome.done);
      if ('error' in outcome) await delay(REDELIVERY_DELAY_MS);
    }
  }
}
