import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/job_service.ts';
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

/** Calls a unary method as a promise with a deadline, so a slow job service cannot hold a caller forever. */
export function callUnary<Req, Res>(
  method: (request: Req, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response?: Res) => void) => unknown,
  request: Req,
  timeoutMs = 5000,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, { deadline: Date.now() + timeoutMs }, (error, response) => {
      if (error) reject(error);
      else resolve(response as Res);
    });
  });
}
