import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';
import type { CancelJobRequest as _jobtrack_jobs_v1_CancelJobRequest, CancelJobRequest__Output as _jobtrack_jobs_v1_CancelJobRequest__Output } from './jobtrack/jobs/v1/CancelJobRequest.ts';
import type { CancelJobResponse as _jobtrack_jobs_v1_CancelJobResponse, CancelJobResponse__Output as _jobtrack_jobs_v1_CancelJobResponse__Output } from './jobtrack/jobs/v1/CancelJobResponse.ts';
import type { CreateJobRequest as _jobtrack_jobs_v1_CreateJobRequest, CreateJobRequest__Output as _jobtrack_jobs_v1_CreateJobRequest__Output } from './jobtrack/jobs/v1/CreateJobRequest.ts';
import type { CreateJobResponse as _jobtrack_jobs_v1_CreateJobResponse, CreateJobResponse__Output as _jobtrack_jobs_v1_CreateJobResponse__Output } from './jobtrack/jobs/v1/CreateJobResponse.ts';
import type { FailJobRequest as _jobtrack_jobs_v1_FailJobRequest, FailJobRequest__Output as _jobtrack_jobs_v1_FailJobRequest__Output } from './jobtrack/jobs/v1/FailJobRequest.ts';
import type { FailJobResponse as _jobtrack_jobs_v1_FailJobResponse, FailJobResponse__Output as _jobtrack_jobs_v1_FailJobResponse__Output } from './jobtrack/jobs/v1/FailJobResponse.ts';
import type { GetJobEventsRequest as _jobtrack_jobs_v1_GetJobEventsRequest, GetJobEventsRequest__Output as _jobtrack_jobs_v1_GetJobEventsRequest__Output } from './jobtrack/jobs/v1/GetJobEventsRequest.ts';
import type { GetJobEventsResponse as _jobtrack_jobs_v1_GetJobEventsResponse, GetJobEventsResponse__Output as _jobtrack_jobs_v1_GetJobEventsResponse__Output } from './jobtrack/jobs/v1/GetJobEventsResponse.ts';
import type { GetJobRequest as _jobtrack_jobs_v1_GetJobRequest, GetJobRequest__Output as _jobtrack_jobs_v1_GetJobRequest__Output } from './jobtrack/jobs/v1/GetJobRequest.ts';
import type { GetJobResponse as _jobtrack_jobs_v1_GetJobResponse, GetJobResponse__Output as _jobtrack_jobs_v1_GetJobResponse__Output } from './jobtrack/jobs/v1/GetJobResponse.ts';
import type { Job as _jobtrack_jobs_v1_Job, Job__Output as _jobtrack_jobs_v1_Job__Output } from './jobtrack/jobs/v1/Job.ts';
import type { JobError as _jobtrack_jobs_v1_JobError, JobError__Output as _jobtrack_jobs_v1_JobError__Output } from './jobtrack/jobs/v1/JobError.ts';
import type { JobProgress as _jobtrack_jobs_v1_JobProgress, JobProgress__Output as _jobtrack_jobs_v1_JobProgress__Output } from './jobtrack/jobs/v1/JobProgress.ts';
import type { JobServiceClient as _jobtrack_jobs_v1_JobServiceClient, JobServiceDefinition as _jobtrack_jobs_v1_JobServiceDefinition } from './jobtrack/jobs/v1/JobService.ts';
import type { JobUpdate as _jobtrack_jobs_v1_JobUpdate, JobUpdate__Output as _jobtrack_jobs_v1_JobUpdate__Output } from './jobtrack/jobs/v1/JobUpdate.ts';
import type { ListJobsRequest as _jobtrack_jobs_v1_ListJobsRequest, ListJobsRequest__Output as _jobtrack_jobs_v1_ListJobsRequest__Output } from './jobtrack/jobs/v1/ListJobsRequest.ts';
import type { ListJobsResponse as _jobtrack_jobs_v1_ListJobsResponse, ListJobsResponse__Output as _jobtrack_jobs_v1_ListJobsResponse__Output } from './jobtrack/jobs/v1/ListJobsResponse.ts';
import type { WatchJobRequest as _jobtrack_jobs_v1_WatchJobRequest, WatchJobRequest__Output as _jobtrack_jobs_v1_WatchJobRequest__Output } from './jobtrack/jobs/v1/WatchJobRequest.ts';
import type { WatchJobResponse as _jobtrack_jobs_v1_WatchJobResponse, WatchJobResponse__Output as _jobtrack_jobs_v1_WatchJobResponse__Output } from './jobtrack/jobs/v1/WatchJobResponse.ts';

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
    jobs: {
      v1: {
        CancelJobRequest: MessageTypeDefinition<_jobtrack_jobs_v1_CancelJobRequest, _jobtrack_jobs_v1_CancelJobRequest__Output>
        CancelJobResponse: MessageTypeDefinition<_jobtrack_jobs_v1_CancelJobResponse, _jobtrack_jobs_v1_CancelJobResponse__Output>
        CreateJobRequest: MessageTypeDefinition<_jobtrack_jobs_v1_CreateJobRequest, _jobtrack_jobs_v1_CreateJobRequest__Output>
        CreateJobResponse: MessageTypeDefinition<_jobtrack_jobs_v1_CreateJobResponse, _jobtrack_jobs_v1_CreateJobResponse__Output>
        FailJobRequest: MessageTypeDefinition<_jobtrack_jobs_v1_FailJobRequest, _jobtrack_jobs_v1_FailJobRequest__Output>
        FailJobResponse: MessageTypeDefinition<_jobtrack_jobs_v1_FailJobResponse, _jobtrack_jobs_v1_FailJobResponse__Output>
        GetJobEventsRequest: MessageTypeDefinition<_jobtrack_jobs_v1_GetJobEventsRequest, _jobtrack_jobs_v1_GetJobEventsRequest__Output>
        GetJobEventsResponse: MessageTypeDefinition<_jobtrack_jobs_v1_GetJobEventsResponse, _jobtrack_jobs_v1_GetJobEventsResponse__Output>
        GetJobRequest: MessageTypeDefinition<_jobtrack_jobs_v1_GetJobRequest, _jobtrack_jobs_v1_GetJobRequest__Output>
        GetJobResponse: MessageTypeDefinition<_jobtrack_jobs_v1_GetJobResponse, _jobtrack_jobs_v1_GetJobResponse__Output>
        Job: MessageTypeDefinition<_jobtrack_jobs_v1_Job, _jobtrack_jobs_v1_Job__Output>
        JobError: MessageTypeDefinition<_jobtrack_jobs_v1_JobError, _jobtrack_jobs_v1_JobError__Output>
        JobProgress: MessageTypeDefinition<_jobtrack_jobs_v1_JobProgress, _jobtrack_jobs_v1_JobProgress__Output>
        JobService: SubtypeConstructor<typeof grpc.Client, _jobtrack_jobs_v1_JobServiceClient> & { service: _jobtrack_jobs_v1_JobServiceDefinition }
        JobStatus: EnumTypeDefinition
        JobUpdate: MessageTypeDefinition<_jobtrack_jobs_v1_JobUpdate, _jobtrack_jobs_v1_JobUpdate__Output>
        ListJobsRequest: MessageTypeDefinition<_jobtrack_jobs_v1_ListJobsRequest, _jobtrack_jobs_v1_ListJobsRequest__Output>
        ListJobsResponse: MessageTypeDefinition<_jobtrack_jobs_v1_ListJobsResponse, _jobtrack_jobs_v1_ListJobsResponse__Output>
        WatchJobRequest: MessageTypeDefinition<_jobtrack_jobs_v1_WatchJobRequest, _jobtrack_jobs_v1_WatchJobRequest__Output>
        WatchJobResponse: MessageTypeDefinition<_jobtrack_jobs_v1_WatchJobResponse, _jobtrack_jobs_v1_WatchJobResponse__Output>
      }
    }
  }
}

