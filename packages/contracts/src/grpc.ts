import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/job_service.ts';
import type { CreateJobRequest } from './generated/jobtrack/jobs/v1/CreateJobRequest.ts';
import type { CreateJobResponse__Output } from './generated/jobtrack/jobs/v1/CreateJobResponse.ts';
import type { FailJobRequest } from './generated/jobtrack/jobs/v1/FailJobRequest.ts';
import type { FailJobResponse__Output } from './generated/jobtrack/jobs/v1/FailJobResponse.ts';
import type { GetJobRequest } from './generated/jobtrack/jobs/v1/GetJobRequest.ts';
import type { GetJobResponse__Output } from './generated/jobtrack/jobs/v1/GetJobResponse.ts';
import type { JobServiceClient } from './generated/jobtrack/jobs/v1/JobService.ts';
import { protoLoaderOptions } from './proto.ts';

let loaded: ProtoGrpcType | undefined;

/** The JobService package, loaded once from proto/ with the shared options. */
export function jobServiceProto(): ProtoGrpcType {
  loaded ??= grpc.loadPackageDefinition(
    loadSync('jobtrack/jobs/v1/job_service.proto', protoLoaderOptions),
  ) as unknown as ProtoGrpcType;
  return loaded;
}

/** A JobService client; `address` is host:port. Plaintext: in a cluster the mesh (Istio mTLS) secures the hop. */
export function createJobServiceClient(address: string): JobServiceClient {
  const { JobService } = jobServiceProto().jobtrack.jobs.v1;
  return new JobService(address, grpc.credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.enable_retries': 1,
  });
}

type Unary<Req, Res> = (
  request: Req,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Res) => void,
) => unknown;

function unary<Req, Res>(method: Unary<Req, Res>, timeoutMs: number) {
  return (request: Req) =>
    new Promise<Res>((resolve, reject) => {
      method(request, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) reject(error);
        else resolve(response as Res);
      });
    });
}

/** JobService as promises, each call with a deadline so a slow job service cannot hold a caller forever. */
export interface JobServiceApi {
  createJob(request: CreateJobRequest): Promise<CreateJobResponse__Output>;
  getJob(request: GetJobRequest): Promise<GetJobResponse__Output>;
  failJob(request: FailJobRequest): Promise<FailJobResponse__Output>;
  close(): void;
}

export function createJobServiceApi(address: string, timeoutMs = 5000): JobServiceApi {
  const client = createJobServiceClient(address);
  return {
    createJob: unary(
      client.createJob.bind(client) as Unary<CreateJobRequest, CreateJobResponse__Output>,
      timeoutMs,
    ),
    getJob: unary(client.getJob.bind(client) as Unary<GetJobRequest, GetJobResponse__Output>, timeoutMs),
    failJob: unary(client.failJob.bind(client) as Unary<FailJobRequest, FailJobResponse__Output>, timeoutMs),
    close: () => client.close(),
  };
}
