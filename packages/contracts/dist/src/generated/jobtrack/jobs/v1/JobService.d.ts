import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { CreateJobRequest as _jobtrack_jobs_v1_CreateJobRequest, CreateJobRequest__Output as _jobtrack_jobs_v1_CreateJobRequest__Output } from '../../../jobtrack/jobs/v1/CreateJobRequest.ts';
import type { CreateJobResponse as _jobtrack_jobs_v1_CreateJobResponse, CreateJobResponse__Output as _jobtrack_jobs_v1_CreateJobResponse__Output } from '../../../jobtrack/jobs/v1/CreateJobResponse.ts';
import type { FailJobRequest as _jobtrack_jobs_v1_FailJobRequest, FailJobRequest__Output as _jobtrack_jobs_v1_FailJobRequest__Output } from '../../../jobtrack/jobs/v1/FailJobRequest.ts';
import type { FailJobResponse as _jobtrack_jobs_v1_FailJobResponse, FailJobResponse__Output as _jobtrack_jobs_v1_FailJobResponse__Output } from '../../../jobtrack/jobs/v1/FailJobResponse.ts';
import type { GetJobRequest as _jobtrack_jobs_v1_GetJobRequest, GetJobRequest__Output as _jobtrack_jobs_v1_GetJobRequest__Output } from '../../../jobtrack/jobs/v1/GetJobRequest.ts';
import type { GetJobResponse as _jobtrack_jobs_v1_GetJobResponse, GetJobResponse__Output as _jobtrack_jobs_v1_GetJobResponse__Output } from '../../../jobtrack/jobs/v1/GetJobResponse.ts';
export interface JobServiceClient extends grpc.Client {
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
}
export interface JobServiceHandlers extends grpc.UntypedServiceImplementation {
    CreateJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_CreateJobRequest__Output, _jobtrack_jobs_v1_CreateJobResponse>;
    FailJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_FailJobRequest__Output, _jobtrack_jobs_v1_FailJobResponse>;
    GetJob: grpc.handleUnaryCall<_jobtrack_jobs_v1_GetJobRequest__Output, _jobtrack_jobs_v1_GetJobResponse>;
}
export interface JobServiceDefinition extends grpc.ServiceDefinition {
    CreateJob: MethodDefinition<_jobtrack_jobs_v1_CreateJobRequest, _jobtrack_jobs_v1_CreateJobResponse, _jobtrack_jobs_v1_CreateJobRequest__Output, _jobtrack_jobs_v1_CreateJobResponse__Output>;
    FailJob: MethodDefinition<_jobtrack_jobs_v1_FailJobRequest, _jobtrack_jobs_v1_FailJobResponse, _jobtrack_jobs_v1_FailJobRequest__Output, _jobtrack_jobs_v1_FailJobResponse__Output>;
    GetJob: MethodDefinition<_jobtrack_jobs_v1_GetJobRequest, _jobtrack_jobs_v1_GetJobResponse, _jobtrack_jobs_v1_GetJobRequest__Output, _jobtrack_jobs_v1_GetJobResponse__Output>;
}
