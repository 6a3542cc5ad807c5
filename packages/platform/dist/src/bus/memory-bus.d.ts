import { type BusConsumer, type BusMessage, type ConsumerOptions, type MessageBus, type TopicSpec } from './port.ts';
/** In-process bus with Kafka's semantics that matter here: keyed partitions, consumer groups, committed offsets. */
export declare class MemoryBus implements MessageBus {
    #private;
    createTopics(topics: readonly TopicSpec[]): Promise<void>;
    publish(topic: string, messages: readonly BusMessage[]): Promise<void>;
    consume(options: ConsumerOptions): Promise<BusConsumer>;
    isHealthy(): boolean;
    close(): Promise<void>;
}
