import { performance } from 'node:perf_hooks';

/**
 * Wall-clock milliseconds with sub-microsecond resolution, comparable between processes of one machine: each
 * process's time origin is read from the same realtime clock, and performance.now() counts from it monotonically.
 * A publisher writes it into an update; the process holding the sockets reads it again on receipt.
 */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** Marks a progress message that carries its publish time, e.g. "bench@1763710000123.456". */
export const STAMP_PREFIX = 'bench@';

export const stampMessage = (at: number = epochMs()): string => `${STAMP_PREFIX}${at.toFixed(3)}`;

/** The publish time a progress message carries, or undefined when it carries none. */
export function stampOf(message: string | undefined): number | undefined {
  if (!message?.startsWith(STAMP_PREFIX)) return undefined;
  const at = Number(message.slice(STAMP_PREFIX.length));
  return Number.isFinite(at) ? at : undefined;
}
