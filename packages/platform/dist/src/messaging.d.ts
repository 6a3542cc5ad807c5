import { type MessageInput, type MessageOutput, type MessageTypeName, type TopicDefinition } from '@jobtrack/contracts';
import type { Logger } from 'pino';
import type { BusConsumer, MessageBus } from './bus/port.ts';
/** Thrown by a handler for a message that can never be processed; it goes to the dead-letter topic at once. */
export declare class PoisonMessageError extends Error {
    name: string;
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
    handle(payload: MessageOutput<T>, meta: MessageMeta): Promise<void>;
}
export interface PublishOptions {
    /** A deterministic id makes a retried publish recognisable as the same message downstream. */
    id?: string;
}
/**
 * Typed publish and consume over a MessageBus: proto payloads, a CloudEvents envelope in headers, W3C trace
 * context across the hop, a topic prefix for shared clusters, retries, and a dead-letter topic for poison.
 */
export declare class Messaging {
    #private;
    readonly bus: MessageBus;
    constructor(options: {
        bus: MessageBus;
        source: string;
        topicPrefix?: string;
        logger: Logger;
    });
    topicName(topic: {
        name: string;
    }): string;
    createTopics(topics: ReadonlyArray<{
        name: string;
        partitions: number;
    }>): Promise<void>;
    publish<T extends MessageTypeName>(topic: TopicDefinition<T>, key: string, payload: MessageInput<T>, options?: PublishOptions): Promise<void>;
    consume<T extends MessageTypeName>(options: ConsumeOptions<T>): Promise<BusConsumer>;
}
