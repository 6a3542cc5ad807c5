import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/job_service.ts';
import type { CancelJobRequest } from './generated/jobtrack/jobs/v1/CancelJobRequest.ts';
import type { CancelJobResponse__Output } from './generated/jobtrack/jobs/v1/CancelJobResponse.ts';
import type { CreateJobRequest } from './generated/jobtrack/jobs/v1/CreateJobRequest.ts';
import type { CreateJobResponse__Output } from './generated/jobtrack/jobs/v1/CreateJobResponse.ts';
import type { FailJobRequest } from './generated/jobtrack/jobs/v1/FailJobRequest.ts';
import type { FailJobResponse__Output } from './generated/jobtrack/jobs/v1/FailJobResponse.ts';
import type { GetJobEventsRequest } from './generated/jobtrack/jobs/v1/GetJobEventsRequest.ts';
import type { GetJobEventsResponse__Output } from './generated/jobtrack/jobs/v1/GetJobEventsResponse.ts';
import type { GetJobRequest } from './generated/jobtrack/jobs/v1/GetJobRequest.ts';
import type { GetJobResponse__Output } from './generated/jobtrack/jobs/v1/GetJobResponse.ts';
import type { JobServiceClient } from './generated/jobtrack/jobs/v1/JobService.ts';
import type { ListJobsRequest } from './generated/jobtrack/jobs/v1/ListJobsRequest.ts';
import type { ListJobsResponse__Output } from './generated/jobtrack/jobs/v1/ListJobsResponse.ts';
import type { WatchJobRequest } from './generated/jobtrack/jobs/v1/WatchJobRequest.ts';
import type { WatchJobResponse__Output } from './generated/jobtrack/jobs/v1/WatchJobResponse.ts';
import { protoLoaderOptions } from './proto.ts';

let definition: PackageDefinition | undefined;
let loaded: ProtoGrpcType | undefined;

/** The JobService package definition as loaded from proto/ with the shared options; server reflection uses it. */
export function jobServicePackageDefinition(): PackageDefinition {
  definition ??= loadSync('jobtrack/jobs/v1/job_service.proto', protoLoaderOptions);
  return definition;
}

/** The JobService package, loaded once. */
export function jobServiceProto(): ProtoGrpcType {
  loaded ??= grpc.loadPackageDefinition(jobServicePackageDefinition()) as unknown as ProtoGrpcType;
  return loaded;
}

/** A JobService client; `address` is host:port. Plaintext: in a cluster the mesh (Istio mTLS) secures the hop. */
export function createJobServiceClient(address: string): JobServiceClient {
  const { JobService } = jobServiceProto().jobtrack.jobs.v1;
  return new JobService(address, grpc.credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.enable_retries': 1,
    // A restarted job service is back within seconds; grpc-js' default backoff (1 s, growing to 120 s) would
    // keep refusing calls well after that.
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 1000,
  });
}

type Unary<Req, Res> = (
  request: Req,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Res) => void,
) => unknown;

function unary<Req, Res>(client: JobServiceClient, method: keyof JobServiceClient, timeoutMs: number) {
  const call = (client[method] as Unary<Req, Res>).bind(client);
  return (request: Req) =>
    new Promise<Res>((resolve, reject) => {
      call(request, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) reject(error);
        else resolve(response as Res);
      });
    });
}

/**
 * JobService as promises, each call with a deadline so a slow job service cannot hold a caller forever. A watch
 * has no deadline: it lives until the job ends or the caller cancels the returned stream.
 */
export interface JobServiceApi {
  createJob(request: CreateJobRequest): Promise<CreateJobResponse__Output>;
  getJob(request: GetJobRequest): Promise<GetJobResponse__Output>;
  listJobs(request: ListJobsRequest): Promise<ListJobsResponse__Output>;
  cancelJob(request: CancelJobRequest): Promise<CancelJobResponse__Output>;
  getJobEvents(request: GetJobEventsRequest): Promise<GetJobEventsResponse__Output>;
  watchJob(request: WatchJobRequest): grpc.ClientReadableStream<WatchJobResponse__Output>;
  failJob(request: FailJobRequest): Promise<FailJobResponse__Output>;
  close(): void;
}

export function createJobServiceApi(address: string, timeoutMs = 5000): JobServiceApi {
  const client = createJobServiceClient(address);
  return {
    createJob: unary(client, 'createJob', timeoutMs),
    getJob: unary(client, 'getJob', timeoutMs),
    listJobs: unary(client, 'listJobs', timeoutMs),
    cancelJob: unary(client, 'cancelJob', timeoutMs),
    getJobEvents: unary(client, 'getJobEvents', timeoutMs),
    watchJob: (request) => client.watchJob(request),
    failJob: unary(client, 'failJob', timeoutMs),
    close: () => client.close(),
  };
}
