/** Why a job service call could not be served, in terms the gRPC layer maps to status codes. */
export type JobServiceErrorKind =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'resource_exhausted';

export class JobServiceError extends Error {
  override name = 'JobServiceError';
  readonly kind: JobServiceErrorKind;

  constructor(kind: JobServiceErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

export const notFound = (id: string) => new JobServiceError('not_found', `job ${id} not found`);
export const invalidArgument = (message: string) => new JobServiceError('invalid_argument', message);
