import type { Logger } from 'pino';
import type { BusConsumer, BusMessage, ConsumerOptions, MessageBus, TopicSpec } from './port.ts';
export interface KafkaBusOptions {
    brokers: string[];
    clientId: string;
    logger: Logger;
    /** Upper bound on one publish, so a caller facing an unreachable cluster fails fast instead of hanging. */
    publishTimeoutMs?: number;
}
/** The message bus on Apache Kafka through kafkajs. */
export declare class KafkaBus implements MessageBus {
    #private;
    constructor(options: KafkaBusOptions);
    createTopics(topics: readonly TopicSpec[]): Promise<void>;
    publish(topic: string, messages: readonly BusMessage[]): Promise<void>;
    consume(options: ConsumerOptions): Promise<BusConsumer>;
    isHealthy(): boolean;
    /** Connects the producer ahead of the first publish, so readiness reflects the cluster. */
    connect(): Promise<void>;
    close(): Promise<void>;
}
