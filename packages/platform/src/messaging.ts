import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CLOUDEVENTS_SPEC_VERSION,
  DEAD_LETTER_TOPIC,
  decodeMessage,
  encodeMessage,
  HEADERS,
  type MessageInput,
  type MessageOutput,
  type MessageTypeName,
  PayloadError,
  PROTOBUF_CONTENT_TYPE,
  type TopicDefinition,
} from '@jobtrack/contracts';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { BusConsumer, MessageBus, ReceivedMessage } from './bus/port.ts';
import { CONSUME_OUTCOMES, errorsTotal, messagesConsumed, messagesProduced } from './metrics.ts';

/** Thrown by a handler for a message that can never be processed; it goes to the dead-letter topic at once. */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

export interface MessageMeta {
  /** The CloudEvents id: stable across redeliveries, so handlers can deduplicate on it. */
  id: string;
  key: string;
  topic: string;
  partition: number;
  offset: string;
  traceId: string;
}

export interface ConsumeOptions<T extends MessageTypeName> {
  groupId: string;
  topic: TopicDefinition<T>;
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  ephemeral?: boolean;
  handle(payload: MessageOutput<T>, meta: MessageMeta): Promise<void>;
}

export interface PublishOptions {
  /** A deterministic id makes a retried publish recognisable as the same message downstream. */
  id?: string;
}

const tracer = trace.getTracer('@jobtrack/platform/messaging');
const HANDLER_ATTEMPTS = 3;
const RETRY_BASE_MS = 100;

/**
 * Typed publish and consume over a MessageBus: proto payloads, a CloudEvents envelope in headers, W3C trace
 * context across the hop, a topic prefix for shared clusters, retries, and a dead-letter topic for poison.
 */
export class Messaging {
  readonly bus: MessageBus;
  readonly #source: string;
  readonly #prefix: string;
  readonly #logger: Logger;

  constructor(options: { bus: MessageBus; source: string; topicPrefix?: string; logger: Logger }) {
    this.bus = options.bus;
    this.#source = options.source;
    this.#prefix = options.topicPrefix ?? '';
    this.#logger = options.logger.child({ component: 'messaging' });
  }

  topicName(topic: { name: string }): string {
    return this.#prefix + topic.name;
  }

  async createTopics(topics: ReadonlyArray<{ name: string; partitions: number }>): Promise<void> {
    await this.bus.createTopics(topics.map((t) => ({ name: this.topicName(t), partitions: t.partitions })));
  }

  async publish<T extends MessageTypeName>(
    topic: TopicDefinition<T>,
    key: string,
    payload: MessageInput<T>,
    options: PublishOptions = {},
  ): Promise<void> {
    const name = this.topicName(topic);
    const id = options.id ?? randomUUID();
    const value = encodeMessage(topic.messageType, payload);
    const span = tracer.startSpan(`send ${name}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': name,
        'messaging.message.id': id,
        'messaging.kafka.message.key': key,
      },
    });
    const headers: Record<string, string> = {
      [HEADERS.id]: id,
      [HEADERS.type]: topic.messageType,
      [HEADERS.source]: this.#source,
      [HEADERS.time]: new Date().toISOString(),
      [HEADERS.specVersion]: CLOUDEVENTS_SPEC_VERSION,
      [HEADERS.contentType]: PROTOBUF_CONTENT_TYPE,
    };
    propagation.inject(trace.setSpan(context.active(), span), headers);
    try {
      await this.bus.publish(name, [{ key, value, headers }]);
      messagesProduced.inc({ topic: name });
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      errorsTotal.inc({ component: 'messaging', kind: 'publish_failed' });
      throw error;
    } finally {
      span.end();
    }
  }

  consume<T extends MessageTypeName>(options: ConsumeOptions<T>): Promise<BusConsumer> {
    const name = this.topicName(options.topic);
    // Each outcome's series exists from the start, at 0: alerts on increase() would not see the first dead letter
    // of a series that appeared only with it.
    for (const outcome of CONSUME_OUTCOMES)
      messagesConsumed.inc({ topic: name, group: options.groupId, outcome }, 0);
    return this.bus.consume({
      // Groups share the topics' namespace: two platforms on one cluster must not join each other's groups.
      groupId: this.#prefix + options.groupId,
      topics: [name],
      fromBeginning: options.fromBeginning ?? true,
      sessionTimeoutMs: options.sessionTimeoutMs,
      ephemeral: options.ephemeral,
      handle: (message) => this.#deliver(options, message),
    });
  }

  async #deliver<T extends MessageTypeName>(
    options: ConsumeOptions<T>,
    message: ReceivedMessage,
  ): Promise<void> {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers);
    const span = tracer.startSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': message.topic,
          'messaging.consumer.group.name': options.groupId,
          'messaging.destination.partition.id': String(message.partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.message.id': message.headers[HEADERS.id] ?? '',
          'messaging.kafka.message.key': message.key,
        },
      },
      parent,
    );
    const labels = { topic: message.topic, group: options.groupId };
    try {
      await context.with(trace.setSpan(parent, span), () =>
        this.#handle(options, message, span.spanContext().traceId),
      );
      messagesConsumed.inc({ ...labels, outcome: 'processed' });
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      await this.#deadLetter(options.groupId, message, error as Error);
      messagesConsumed.inc({ ...labels, outcome: 'dead_lettered' });
    } finally {
      span.end();
    }
  }

  /** Runs the handler, retrying transient failures; throws what should be dead-lettered. */
  async #handle<T extends MessageTypeName>(
    options: ConsumeOptions<T>,
    message: ReceivedMessage,
    traceId: string,
  ): Promise<void> {
    const declared = message.headers[HEADERS.type];
    if (declared !== undefined && declared !== options.topic.messageType) {
      throw new PoisonMessageError(`message type ${declared} on a topic of ${options.topic.messageType}`);
    }
    const payload = decodeMessage(options.topic.messageType, message.value);
    const meta: MessageMeta = {
      id: message.headers[HEADERS.id] ?? `${message.topic}:${message.partition}:${message.offset}`,
      key: message.key,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      traceId,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handle(payload, meta);
        return;
      } catch (error) {
        if (
          error instanceof PoisonMessageError ||
          error instanceof PayloadError ||
          attempt >= HANDLER_ATTEMPTS
        ) {
          throw error;
        }
        messagesConsumed.inc({ topic: message.topic, group: options.groupId, outcome: 'retried' });
        this.#logger.warn({ err: error, topic: message.topic, attempt }, 'handler failed, retrying');
        await delay(RETRY_BASE_MS * 2 ** (attempt - 1));
      }
    }
  }

  /** Keeps the raw bytes and envelope, adds why; if even this fails the bus redelivers, so nothing is lost. */
  async #deadLetter(groupId: string, message: ReceivedMessage, error: Error): Promise<void> {
    errorsTotal.inc({ component: 'messaging', kind: 'dead_lettered' });
    this.#logger.error(
      {
        err: error,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        key: message.key,
      },
      'message dead-lettered',
    );
    await this.bus.publish(this.topicName(DEAD_LETTER_TOPIC), [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.deadLetterReason]: `${error.name}: ${error.message}`.slice(0, 1000),
          [HEADERS.deadLetterTopic]: message.topic,
          [HEADERS.deadLetterGroup]: groupId,
        },
      },
    ]);
  }
}
