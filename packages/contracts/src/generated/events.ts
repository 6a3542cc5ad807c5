import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';
import type { JobEvent as _jobtrack_events_v1_JobEvent, JobEvent__Output as _jobtrack_events_v1_JobEvent__Output } from './jobtrack/events/v1/JobEvent.ts';
import type { JobUpdate as _jobtrack_events_v1_JobUpdate, JobUpdate__Output as _jobtrack_events_v1_JobUpdate__Output } from './jobtrack/events/v1/JobUpdate.ts';
import type { ParticipantCommand as _jobtrack_events_v1_ParticipantCommand, ParticipantCommand__Output as _jobtrack_events_v1_ParticipantCommand__Output } from './jobtrack/events/v1/ParticipantCommand.ts';
import type { ParticipantReply as _jobtrack_events_v1_ParticipantReply, ParticipantReply__Output as _jobtrack_events_v1_ParticipantReply__Output } from './jobtrack/events/v1/ParticipantReply.ts';
import type { StartJobCommand as _jobtrack_events_v1_StartJobCommand, StartJobCommand__Output as _jobtrack_events_v1_StartJobCommand__Output } from './jobtrack/events/v1/StartJobCommand.ts';
import type { Job as _jobtrack_jobs_v1_Job, Job__Output as _jobtrack_jobs_v1_Job__Output } from './jobtrack/jobs/v1/Job.ts';
import type { JobError as _jobtrack_jobs_v1_JobError, JobError__Output as _jobtrack_jobs_v1_JobError__Output } from './jobtrack/jobs/v1/JobError.ts';
import type { JobProgress as _jobtrack_jobs_v1_JobProgress, JobProgress__Output as _jobtrack_jobs_v1_JobProgress__Output } from './jobtrack/jobs/v1/JobProgress.ts';

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
        JobEvent: MessageTypeDefinition<_jobtrack_events_v1_JobEvent, _jobtrack_events_v1_JobEvent__Output>
        JobUpdate: MessageTypeDefinition<_jobtrack_events_v1_JobUpdate, _jobtrack_events_v1_JobUpdate__Output>
        ParticipantCommand: MessageTypeDefinition<_jobtrack_events_v1_ParticipantCommand, _jobtrack_events_v1_ParticipantCommand__Output>
        ParticipantReply: MessageTypeDefinition<_jobtrack_events_v1_ParticipantReply, _jobtrack_events_v1_ParticipantReply__Output>
        ReplyOutcome: EnumTypeDefinition
        StartJobCommand: MessageTypeDefinition<_jobtrack_events_v1_StartJobCommand, _jobtrack_events_v1_StartJobCommand__Output>
        StepAction: EnumTypeDefinition
      }
    }
    jobs: {
      v1: {
        Job: MessageTypeDefinition<_jobtrack_jobs_v1_Job, _jobtrack_jobs_v1_Job__Output>
        JobError: MessageTypeDefinition<_jobtrack_jobs_v1_JobError, _jobtrack_jobs_v1_JobError__Output>
        JobProgress: MessageTypeDefinition<_jobtrack_jobs_v1_JobProgress, _jobtrack_jobs_v1_JobProgress__Output>
        JobStatus: EnumTypeDefinition
      }
    }
  }
}

