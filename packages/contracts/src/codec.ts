import protobuf from 'protobufjs';
import type {
  ConnectionEvent,
  ConnectionEvent__Output,
} from './generated/jobtrack/events/v1/ConnectionEvent.ts';
import type { JobCommand, JobCommand__Output } from './generated/jobtrack/events/v1/JobCommand.ts';
import type { JobEvent, JobEvent__Output } from './generated/jobtrack/events/v1/JobEvent.ts';
import type {
  ParticipantCommand,
  ParticipantCommand__Output,
} from './generated/jobtrack/events/v1/ParticipantCommand.ts';
import type {
  ParticipantReply,
  ParticipantReply__Output,
} from './generated/jobtrack/events/v1/ParticipantReply.ts';
import type { JobUpdate, JobUpdate__Output } from './generated/jobtrack/jobs/v1/JobUpdate.ts';
import { PROTO_FILES, PROTO_OBJECT_OPTIONS, PROTO_ROOT } from './proto.ts';

/** Message types carried on Kafka: [what a producer may pass, what a consumer receives]. */
export interface MessageTypes {
  'jobtrack.events.v1.JobCommand': [JobCommand, JobCommand__Output];
  'jobtrack.events.v1.JobEvent': [JobEvent, JobEvent__Output];
  'jobtrack.jobs.v1.JobUpdate': [JobUpdate, JobUpdate__Output];
  'jobtrack.events.v1.ParticipantCommand': [ParticipantCommand, ParticipantCommand__Output];
  'jobtrack.events.v1.ParticipantReply': [ParticipantReply, ParticipantReply__Output];
  'jobtrack.events.v1.ConnectionEvent': [ConnectionEvent, ConnectionEvent__Output];
}
export type MessageTypeName = keyof MessageTypes;
export type MessageInput<T extends MessageTypeName> = MessageTypes[T][0];
export type MessageOutput<T extends MessageTypeName> = MessageTypes[T][1];

/** A payload that is not a valid instance of the message type its topic declares. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : PROTO_ROOT + target);
root.loadSync([...PROTO_FILES], { keepCase: PROTO_OBJECT_OPTIONS.keepCase });
root.resolveAll();

const types = new Map<string, protobuf.Type>();
function typeOf(name: MessageTypeName): protobuf.Type {
  let type = types.get(name);
  if (!type) {
    type = root.lookupType(name);
    types.set(name, type);
  }
  return type;
}

export function encodeMessage<T extends MessageTypeName>(name: T, value: MessageInput<T>): Uint8Array {
  const type = typeOf(name);
  let message: protobuf.Message;
  try {
    // fromObject maps enum names to numbers, which verify() alone would reject.
    message = type.fromObject(value as Record<string, unknown>);
  } catch (error) {
    throw new PayloadError(`${name}: ${(error as Error).message}`);
  }
  const problem = type.verify(message);
  if (problem) throw new PayloadError(`${name}: ${problem}`);
  return type.encode(message).finish();
}

export function decodeMessage<T extends MessageTypeName>(name: T, bytes: Uint8Array): MessageOutput<T> {
  const type = typeOf(name);
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (error) {
    throw new PayloadError(`${name}: ${(error as Error).message}`);
  }
  return type.toObject(message, PROTO_OBJECT_OPTIONS) as MessageOutput<T>;
}
