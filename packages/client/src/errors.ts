/** An Error with a machine-readable code: a protocol error code, an HTTP-derived one, or the SDK's own. */
export type JobtrackError = Error & { code: string };

export function jobtrackError(code: string, message: string, cause?: unknown): JobtrackError {
  const error = new Error(message, cause === undefined ? undefined : { cause }) as JobtrackError;
  error.code = code;
  return error;
}
