import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { HttpProblem, invalidRequest } from './problem.ts';

export function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && 'code' in error && 'details' in error;
}

export interface GrpcErrorContext {
  /** The detail of a 404, the same for a missing job and another user's, so existence does not leak. */
  notFound: string;
  /** The request field an INVALID_ARGUMENT can only be about, when the gateway validated all the others. */
  invalidField?: string;
}

/**
 * What a job-service failure means to a REST client. A reused Idempotency-Key with a different request is
 * 422, as draft-ietf-httpapi-idempotency-key-header asks; 409 is kept for state conflicts (cancelling a job that
 * has ended).
 */
export function problemFromGrpc(error: unknown, context: GrpcErrorContext): HttpProblem | undefined {
  if (!isServiceError(error)) return undefined;
  switch (error.code) {
    case GrpcStatus.NOT_FOUND:
      return new HttpProblem(404, 'Not Found', context.notFound);
    case GrpcStatus.INVALID_ARGUMENT:
      return context.invalidField
        ? invalidRequest([{ field: context.invalidField, message: error.details }])
        : new HttpProblem(400, 'Bad Request', error.details);
    case GrpcStatus.ALREADY_EXISTS:
      return new HttpProblem(
        422,
        'Unprocessable Content',
        'this Idempotency-Key was already used with a different request',
        { errors: [{ field: 'Idempotency-Key', message: error.details }] },
      );
    case GrpcStatus.FAILED_PRECONDITION:
      return new HttpProblem(409, 'Conflict', error.details);
    case GrpcStatus.PERMISSION_DENIED:
      return new HttpProblem(403, 'Forbidden', error.details);
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new HttpProblem(503, 'Service Unavailable', 'the job service is unavailable', {
        headers: { 'retry-after': '1' },
        cause: error,
      });
    case GrpcStatus.UNIMPLEMENTED:
      return new HttpProblem(501, 'Not Implemented', 'the job service does not support this yet', {
        cause: error,
      });
    default:
      return new HttpProblem(502, 'Bad Gateway', 'the job service failed', { cause: error });
  }
}

/** Rethrows a job-service failure as the problem it means; for `.catch` on a call. */
export function rethrowGrpc(context: GrpcErrorContext): (error: unknown) => never {
  return (error) => {
    throw problemFromGrpc(error, context) ?? error;
  };
}
