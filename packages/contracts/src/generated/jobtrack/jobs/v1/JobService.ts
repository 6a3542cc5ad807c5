// Original file: proto/jobtrack/jobs/v1/job_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelJobRequest as _jobtrack_jobs_v1_CancelJobRequest, CancelJobRequest__Output as _jobtrack_jobs_v1_CancelJobRequest__Output } from '../../../jobtrack/jobs/v1/CancelJobRequest.ts';
import type { CancelJobResponse as _jobtrack_jobs_v1_CancelJobResponse, CancelJobResponse__Output as _jobtrack_jobs_v1_CancelJobResponse__Output } from '../../../jobtrack/jobs/v1/CancelJobResponse.ts';
import type { CreateJobRequest as _jobtrack_jobs_v1_CreateJobRequest, CreateJobRequest__Output as _jobtrack_jobs_v1_CreateJobRequest__Output } from '../../../jobtrack/jobs/v1/CreateJobRequest.ts';
import type { CreateJobResponse as _jobtrack_jobs_v1_CreateJobResponse, CreateJobResponse__Output as _jobtrack_jobs_v1_CreateJobResponse__Output } from '../../../jobtrack/jobs/v1/CreateJobResponse.ts';
import type { FailJobRequest as _jobtrack_jobs_v1_FailJobRequest, FailJobRequest__Output as _jobtrack_jobs_v1_FailJobRequest__Output } from '../../../jobtrack/jobs/v1/FailJobRequest.ts';
import type { FailJobResponse as _jobtrack_jobs_v1_FailJobResponse, FailJobResponse__Output as _jobtrack_jobs_v1_FailJobResponse__Output } from '../../../jobtrack/jobs/v1/FailJobResponse.ts';
import type { GetJobEventsRequest as _jobtrack_jobs_v1_GetJobEventsRequest, GetJobEventsRequest__Output as _jobtrack_jobs_v1_GetJobEventsRequest__Output } from '../../../jobtrack/jobs/v1/GetJobEventsRequest.ts';
import type { GetJobEventsResponse as _jobtrack_jobs_v1_GetJobEventsResponse, GetJobEventsResponse__Output as _jobtrack_jobs_v1_GetJobEventsResponse__Output } from '../../../jobtrack/jobs/v1/GetJobEventsResponse.ts';
import type { GetJobRequest as _jobtrack_jobs_v1_GetJobRequest, GetJobRequest__Output as _jobtrack_jobs_v1_GetJobRequest__Output } from '../../../jobtrack/jobs/v1/GetJobRequest.ts';
import type { GetJobResponse as _jobtrack_jobs_v1_GetJobResponse, GetJobResponse__Output as _jobtrack_jobs_v1_GetJobResponse__Output } from '../../../jobtrack/jobs/v1/GetJobResponse.ts';
import type { ListJobsRequest as _jobtrack_jobs_v1_ListJobsRequest, ListJobsRequest__Output as _jobtrack_jobs_v1_ListJobsRequest__Output } from '../../../jobtrack/jobs/v1/ListJobsRequest.ts';
import type { ListJobsResponse as _jobtrack_jobs_v1_ListJobsResponse, ListJobsResponse__Output as _jobtrack_jobs_v1_ListJobsResponse__Output } from '../../../jobtrack/jobs/v1/ListJobsResponse.ts';
import type { WatchJobRequest as _jobtrack_jobs_v1_WatchJobRequest, WatchJobRequest__Output as _jobtrack_jobs_v1_WatchJobRequest__Output } from '../../../jobtrack/jobs/v1/WatchJobRequest.ts';
import type { WatchJobResponse as _jobtrack_jobs_v1_WatchJobResponse, WatchJobResponse__Output as _jobtrack_jobs_v1_WatchJobResponse__Output } from '../../../jobtrack/jobs/v1/WatchJobResponse.ts';

export interface JobServiceClient extends grpc.Client {
  CancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobtrack_jobs_v1_CancelJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  
  CreateJob(argument: _jobtrack_jobs_v1_CreateJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  CreateJob(argument: _jobtrack_jobs_v1_CreateJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  CreateJob(argument: _jobtrack_jobs_v1_CreateJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  CreateJob(argument: _jobtrack_jobs_v1_CreateJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  createJob(argument: _jobtrack_jobs_v1_CreateJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  createJob(argument: _jobtrack_jobs_v1_CreateJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  createJob(argument: _jobtrack_jobs_v1_CreateJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  createJob(argument: _jobtrack_jobs_v1_CreateJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_CreateJobResponse__Output>): grpc.ClientUnaryCall;
  
  FailJob(argument: _jobtrack_jobs_v1_FailJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  FailJob(argument: _jobtrack_jobs_v1_FailJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  FailJob(argument: _jobtrack_jobs_v1_FailJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  FailJob(argument: _jobtrack_jobs_v1_FailJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  failJob(argument: _jobtrack_jobs_v1_FailJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  failJob(argument: _jobtrack_jobs_v1_FailJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  failJob(argument: _jobtrack_jobs_v1_FailJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  failJob(argument: _jobtrack_jobs_v1_FailJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_FailJobResponse__Output>): grpc.ClientUnaryCall;
  
  GetJob(argument: _jobtrack_jobs_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _jobtrack_jobs_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _jobtrack_jobs_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _jobtrack_jobs_v1_GetJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobtrack_jobs_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobtrack_jobs_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobtrack_jobs_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobtrack_jobs_v1_GetJobRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  
  GetJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  GetJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  GetJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  GetJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  getJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  getJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  getJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  getJobEvents(argument: _jobtrack_jobs_v1_GetJobEventsRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_GetJobEventsResponse__Output>): grpc.ClientUnaryCall;
  
  ListJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobtrack_jobs_v1_ListJobsRequest, callback: grpc.requestCallback<_jobtrack_jobs_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
  WatchJob(argument: _jobtrack_jobs_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobtrack_jobs_v1_WatchJobResponse__Output>;
  WatchJob(argument: _jobtrack_jobs_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobtrack_jobs_v1_WatchJobResponse__Output>;
  watchJob(argument: _jobtrack_jobs_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobtrack_jobs_v1_WatchJobResponse__Output>;
  watchJob(argument: _jobtrack_jobs_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobtrack_jobs_v1_WatchJobResponse__Output>;
  
}

export interface JobServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_CancelJobRequest__Output, _jobtrack_jobs_v1_CancelJobResponse>;
  
  CreateJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_CreateJobRequest__Output, _jobtrack_jobs_v1_CreateJobResponse>;
  
  FailJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_FailJobRequest__Output, _jobtrack_jobs_v1_FailJobResponse>;
  
  GetJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_GetJobRequest__Output, _jobtrack_jobs_v1_GetJobResponse>;
  
  GetJobEvents: grpc.handleUnaryCall<_jobtrack_jobs_v1_GetJobEventsRequest__Output, _jobtrack_jobs_v1_GetJobEventsResponse>;
  
  ListJobs: grpc.handleUnaryCall<_jobtrack_jobs_v1_ListJobsRequest__Output, _jobtrack_jobs_v1_ListJobsResponse>;
  
  WatchJob: grpc.handleServerStreamingCall<_jobtrack_jobs_v1_WatchJobRequest__Output, _jobtrack_jobs_v1_WatchJobResponse>;
  
}

export interface JobServiceDefinition extends grpc.ServiceDefinition {
  CancelJob: MethodDefinition<_jobtrack_jobs_v1_CancelJobRequest, _jobtrack_jobs_v1_CancelJobResponse, _jobtrack_jobs_v1_CancelJobRequest__Output, _jobtrack_jobs_v1_CancelJobResponse__Output>
  CreateJob: MethodDefinition<_jobtrack_jobs_v1_CreateJobRequest, _jobtrack_jobs_v1_CreateJobResponse, _jobtrack_jobs_v1_CreateJobRequest__Output, _jobtrack_jobs_v1_CreateJobResponse__Output>
  FailJob: MethodDefinition<_jobtrack_jobs_v1_FailJobRequest, _jobtrack_jobs_v1_FailJobResponse, _jobtrack_jobs_v1_FailJobRequest__Output, _jobtrack_jobs_v1_FailJobResponse__Output>
  GetJob: MethodDefinition<_jobtrack_jobs_v1_GetJobRequest, _jobtrack_jobs_v1_GetJobResponse, _jobtrack_jobs_v1_GetJobRequest__Output, _jobtrack_jobs_v1_GetJobResponse__Output>
  GetJobEvents: MethodDefinition<_jobtrack_jobs_v1_GetJobEventsRequest, _jobtrack_jobs_v1_GetJobEventsResponse, _jobtrack_jobs_v1_GetJobEventsRequest__Output, _jobtrack_jobs_v1_GetJobEventsResponse__Output>
  ListJobs: MethodDefinition<_jobtrack_jobs_v1_ListJobsRequest, _jobtrack_jobs_v1_ListJobsResponse, _jobtrack_jobs_v1_ListJobsRequest__Output, _jobtrack_jobs_v1_ListJobsResponse__Output>
  WatchJob: MethodDefinition<_jobtrack_jobs_v1_WatchJobRequest, _jobtrack_jobs_v1_WatchJobResponse, _jobtrack_jobs_v1_WatchJobRequest__Output, _jobtrack_jobs_v1_WatchJobResponse__Output>
}
