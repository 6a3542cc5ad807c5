import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';
import type { CancelJob as _jobtrack_events_v1_CancelJob, CancelJob__Output as _jobtrack_events_v1_CancelJob__Output } from './jobtrack/events/v1/CancelJob.ts';
import type { ConnectionEvent as _jobtrack_events_v1_ConnectionEvent, ConnectionEvent__Output as _jobtrack_events_v1_ConnectionEvent__Output } from './jobtrack/events/v1/ConnectionEvent.ts';
import type { JobCommand as _jobtrack_events_v1_JobCommand, JobCommand__Output as _jobtrack_events_v1_JobCommand__Output } from './jobtrack/events/v1/JobCommand.ts';
import type { JobEvent as _jobtrack_events_v1_JobEvent, JobEvent__Output as _jobtrack_events_v1_JobEvent__Output } from './jobtrack/events/v1/JobEvent.ts';
import type { ParticipantCommand as _jobtrack_events_v1_ParticipantCommand, ParticipantCommand__Output as _jobtrack_events_v1_ParticipantCommand__Output } from './jobtrack/events/v1/ParticipantCommand.ts';
import type { ParticipantReply as _jobtrack_events_v1_ParticipantReply, ParticipantReply__Output as _jobtrack_events_v1_ParticipantReply__Output } from './jobtrack/events/v1/ParticipantReply.ts';
import type { StartJob as _jobtrack_events_v1_StartJob, StartJob__Output as _jobtrack_events_v1_StartJob__Output } from './jobtrack/events/v1/StartJob.ts';
import type { Job as _jobtrack_jobs_v1_Job, Job__Output as _jobtrack_jobs_v1_Job__Output } from './jobtrack/jobs/v1/Job.ts';
import type { JobError as _jobtrack_jobs_v1_JobError, JobError__Output as _jobtrack_jobs_v1_JobError__Output } from './jobtrack/jobs/v1/JobError.ts';
import type { JobProgress as _jobtrack_jobs_v1_JobProgress, JobProgress__Output as _jobtrack_jobs_v1_JobProgress__Output } from './jobtrack/jobs/v1/JobProgress.ts';
import type { JobUpdate as _jobtrack_jobs_v1_JobUpdate, JobUpdate__Output as _jobtrack_jobs_v1_JobUpdate__Output } from './jobtrack/jobs/v1/JobUpdate.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  jobtrack: {
    events: {
      v1: {
        CancelJob: MessageTypeDefinition<_jobtrack_events_v1_CancelJob, _jobtrack_events_v1_CancelJob__Output>
        ConnectionEvent: MessageTypeDefinition<_jobtrack_events_v1_ConnectionEvent, _jobtrack_events_v1_ConnectionEvent__Output>
        ConnectionEventKind: EnumTypeDefinition
        JobCommand: MessageTypeDefinition<_jobtrack_events_v1_JobCommand, _jobtrack_events_v1_JobCommand__Output>
        JobEvent: MessageTypeDefinition<_jobtrack_events_v1_JobEvent, _jobtrack_events_v1_JobEvent__Output>
        ParticipantCommand: MessageTypeDefinition<_jobtrack_events_v1_ParticipantCommand, _jobtrack_events_v1_ParticipantCommand__Output>
        ParticipantReply: MessageTypeDefinition<_jobtrack_events_v1_ParticipantReply, _jobtrack_events_v1_ParticipantReply__Output>
        ReplyOutcome: EnumTypeDefinition
        StartJob: MessageTypeDefinition<_jobtrack_events_v1_StartJob, _jobtrack_events_v1_StartJob__Output>
        StepAction: EnumTypeDefinition
      }
    }
    jobs: {
      v1: {
        Job: MessageTypeDefinition<_jobtrack_jobs_v1_Job, _jobtrack_jobs_v1_Job__Output>
        JobError: MessageTypeDefinition<_jobtrack_jobs_v1_JobError, _jobtrack_jobs_v1_JobError__Output>
        JobProgress: MessageTypeDefinition<_jobtrack_jobs_v1_JobProgress, _jobtrack_jobs_v1_JobProgress__Output>
        JobStatus: EnumTypeDefinition
        JobUpdate: MessageTypeDefinition<_jobtrack_jobs_v1_JobUpdate, _jobtrack_jobs_v1_JobUpdate__Output>
      }
    }
  }
}

