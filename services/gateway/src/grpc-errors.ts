import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { HttpProblem } from './problem.ts';

function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && 'code' in error && 'details' in error;
}

/** What a job-service failure means to a REST client. */
export function problemFromGrpc(error: unknown, notFoundDetail: string): HttpProblem | undefined {
  if (!isServiceError(error)) return undefined;
  switch (error.code) {
    case GrpcStatus.NOT_FOUND:
      return new HttpProblem(404, 'Not Found', notFoundDetail);
    case GrpcStatus.INVALID_ARGUMENT:
      return new HttpProblem(400, 'Bad Request', error.details);
    case GrpcStatus.FAILED_PRECONDITION:
      return new HttpProblem(409, 'Conflict', error.details);
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new HttpProblem(503, 'Service Unavailable', 'the job service is unavailable', {
        headers: { 'retry-after': '1' },
      });
    default:
      return undefined;
  }
}
