export * from './codec.ts';
export type { ProtoGrpcType as JobServiceProto } from './generated/job_service.ts';
export type { ConnectionEvent__Output as ConnectionEvent } from './generated/jobtrack/events/v1/ConnectionEvent.ts';
export type { JobCommand__Output as JobCommand } from './generated/jobtrack/events/v1/JobCommand.ts';
export type { JobEvent__Output as JobEvent } from './generated/jobtrack/events/v1/JobEvent.ts';
export type { ParticipantCommand__Output as ParticipantCommand } from './generated/jobtrack/events/v1/ParticipantCommand.ts';
export type { ParticipantReply__Output as ParticipantReply } from './generated/jobtrack/events/v1/ParticipantReply.ts';
export type { Job as JobMessage, Job__Output as Job } from './generated/jobtrack/jobs/v1/Job.ts';
export type { JobError__Output as JobError } from './generated/jobtrack/jobs/v1/JobError.ts';
export type { JobProgress__Output as JobProgress } from './generated/jobtrack/jobs/v1/JobProgress.ts';
export type { JobServiceClient, JobServiceHandlers } from './generated/jobtrack/jobs/v1/JobService.ts';
export type {
  JobUpdate as JobUpdateMessage,
  JobUpdate__Output as JobUpdate,
} from './generated/jobtrack/jobs/v1/JobUpdate.ts';
export * from './grpc.ts';
export * from './headers.ts';
export * from './identity.ts';
export * from './identity-schemas.ts';
export * from './job-status.ts';
export * from './job-types.ts';
export * from './job-view.ts';
export * from './proto.ts';
export * from './simulation.ts';
export * from './timestamp.ts';
export * from './topics.ts';
export * from './ws-protocol.ts';
