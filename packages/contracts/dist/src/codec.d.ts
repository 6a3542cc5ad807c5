import type { JobEvent, JobEvent__Output } from './generated/jobtrack/events/v1/JobEvent.ts';
import type { JobUpdate, JobUpdate__Output } from './generated/jobtrack/events/v1/JobUpdate.ts';
import type { ParticipantCommand, ParticipantCommand__Output } from './generated/jobtrack/events/v1/ParticipantCommand.ts';
import type { ParticipantReply, ParticipantReply__Output } from './generated/jobtrack/events/v1/ParticipantReply.ts';
import type { StartJobCommand, StartJobCommand__Output } from './generated/jobtrack/events/v1/StartJobCommand.ts';
/** Message types carried on Kafka: [what a producer may pass, what a consumer receives]. */
export interface MessageTypes {
    'jobtrack.events.v1.StartJobCommand': [StartJobCommand, StartJobCommand__Output];
    'jobtrack.events.v1.JobEvent': [JobEvent, JobEvent__Output];
    'jobtrack.events.v1.JobUpdate': [JobUpdate, JobUpdate__Output];
    'jobtrack.events.v1.ParticipantCommand': [ParticipantCommand, ParticipantCommand__Output];
    'jobtrack.events.v1.ParticipantReply': [ParticipantReply, ParticipantReply__Output];
}
export type MessageTypeName = keyof MessageTypes;
export type MessageInput<T extends MessageTypeName> = MessageTypes[T][0];
export type MessageOutput<T extends MessageTypeName> = MessageTypes[T][1];
/** A payload that is not a valid instance of the message type its topic declares. */
export declare class PayloadError extends Error {
    name: string;
}
export declare function encodeMessage<T extends MessageTypeName>(name: T, value: MessageInput<T>): Uint8Array;
export declare function decodeMessage<T extends MessageTypeName>(name: T, bytes: Uint8Array): MessageOutput<T>;
