import * as grpc from '@grpc/grpc-js';
import { findJobType, type JobServiceHandlers, jobServiceProto, TOPICS } from '@jobtrack/contracts';
import { grpcRequests, type Logger, type Messaging } from '@jobtrack/platform';
import { trace } from '@opentelemetry/api';
import { toJobUpdate, toProtoJob } from './job.ts';
import type { Jobs } from './jobs.ts';

/** An error carrying the gRPC status it should be answered with. */
class RpcError extends Error {
  readonly code: grpc.status;
  constructor(code: grpc.status, message: string) {
    super(message);
    this.code = code;
  }
}

function required(value: string, field: string): string {
  if (!value) throw new RpcError(grpc.status.INVALID_ARGUMENT, `${field} is required`);
  return value;
}

/**
 * Adapts an async handler to grpc-js: domain errors become their status codes, anything else is INTERNAL
 * (logged, not leaked), and every call is counted by method and code.
 */
function unary<Req, Res>(
  method: string,
  logger: Logger,
  handle: (request: Req) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handle(call.request).then(
      (response) => {
        grpcRequests.inc({ method, code: grpc.status[grpc.status.OK] });
        callback(null, response);
      },
      (error: unknown) => {
        const code = error instanceof RpcError ? error.code : grpc.status.UNAVAILABLE;
        if (!(error instanceof RpcError)) logger.error({ err: error, method }, 'job service call failed');
        grpcRequests.inc({ method, code: grpc.status[code] });
        callback({ code, details: error instanceof RpcError ? error.message : 'job store unavailable' });
      },
    );
  };
}

export function jobServiceHandlers(deps: {
  jobs: Jobs;
  messaging: Messaging;
  logger: Logger;
}): JobServiceHandlers {
  const { jobs, messaging, logger } = deps;
  return {
    CreateJob: unary('CreateJob', logger, async (request) => {
      if (!findJobType(required(request.type, 'type'))) {
        throw new RpcError(grpc.status.INVALID_ARGUMENT, `unknown job type ${request.type}`);
      }
      const traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
      const job = await jobs.create({ type: request.type, owner: required(request.owner, 'owner'), traceId });
      return { job: toProtoJob(job) };
    }),
    GetJob: unary('GetJob', logger, async (request) => {
      const job = await jobs.get(required(request.id, 'id'), required(request.owner, 'owner'));
      if (!job) throw new RpcError(grpc.status.NOT_FOUND, `job ${request.id} not found`);
      return { job: toProtoJob(job) };
    }),
    FailJob: unary('FailJob', logger, async (request) => {
      const error = request.error?.code ? request.error : { code: 'FAILED', message: 'failed by the caller' };
      const outcome = await jobs.failPending(
        required(request.id, 'id'),
        required(request.owner, 'owner'),
        error,
      );
      if (!outcome.applied) {
        if (outcome.reason === 'unknown_job' || outcome.job?.owner !== request.owner) {
          throw new RpcError(grpc.status.NOT_FOUND, `job ${request.id} not found`);
        }
        throw new RpcError(grpc.status.FAILED_PRECONDITION, outcome.detail);
      }
      // Best effort: this is called when the bus is failing, and the stored state is what GET answers from.
      messaging
        .publish(TOPICS.jobUpdates, outcome.job.id, toJobUpdate(outcome.job), {
          id: `${outcome.job.id}:${outcome.job.seq}`,
        })
        .catch((publishError: unknown) =>
          logger.warn({ err: publishError, jobId: request.id }, 'update of failed job not published'),
        );
      return { job: toProtoJob(outcome.job) };
    }),
  };
}

export function jobServiceDefinition(): grpc.ServiceDefinition {
  return jobServiceProto().jobtrack.jobs.v1.JobService.service;
}
