import type { MessageTypeName } from './codec.ts';
/** A Kafka topic and the one message type it carries. Every topic of the platform is declared here. */
export interface TopicDefinition<T extends MessageTypeName = MessageTypeName> {
    readonly name: string;
    readonly messageType: T;
    readonly partitions: number;
}
export declare const TOPICS: {
    readonly orderCommands: TopicDefinition<"jobtrack.events.v1.StartJobCommand">;
    readonly jobEvents: TopicDefinition<"jobtrack.events.v1.JobEvent">;
    readonly jobUpdates: TopicDefinition<"jobtrack.events.v1.JobUpdate">;
    readonly inventoryCommands: TopicDefinition<"jobtrack.events.v1.ParticipantCommand">;
    readonly paymentCommands: TopicDefinition<"jobtrack.events.v1.ParticipantCommand">;
    readonly shippingCommands: TopicDefinition<"jobtrack.events.v1.ParticipantCommand">;
    readonly orderReplies: TopicDefinition<"jobtrack.events.v1.ParticipantReply">;
};
/** Where consumers put messages they cannot process, with the reason in headers; raw bytes are kept as-is. */
export declare const DEAD_LETTER_TOPIC: {
    readonly name: "jobtrack.dead-letter.v1";
    readonly partitions: 3;
};
export declare const ALL_TOPICS: ReadonlyArray<{
    name: string;
    partitions: number;
}>;
