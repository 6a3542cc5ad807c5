import type { JobUpdate } from '@jobtrack/client';

/** The process exit code of a command; a watched job's outcome maps to its own code, so scripts can branch on it. */
export const EXIT_CODES = {
  ok: 0,
  /** Bad usage, or the gateway or WebSocket service could not be used. */
  error: 1,
  failed: 2,
  compensated: 3,
  cancelled: 4,
  /** Stopped by Ctrl-C (128 + SIGINT), the shell convention. */
  interrupted: 130,
} as const;

export function exitCodeOf(status: JobUpdate['status']): number {
  switch (status) {
    case 'SUCCEEDED':
      return EXIT_CODES.ok;
    case 'FAILED':
      return EXIT_CODES.failed;
    case 'COMPENSATED':
      return EXIT_CODES.compensated;
    case 'CANCELLED':
      return EXIT_CODES.cancelled;
    default:
      return EXIT_CODES.error;
  }
}
