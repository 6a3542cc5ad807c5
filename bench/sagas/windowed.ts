import { performance } from 'node:perf_hooks';

/** One operation of a run: resolves when it has completed, with its latency in ms. */
export type Operation = (n: number) => Promise<number>;

export interface RunResult {
  latenciesMs: number[];
  /** `performance.now()` of each completion, in completion order. */
  completedAt: number[];
  startedAt: number;
  endedAt: number;
}

export class StallError extends Error {
  override name = 'StallError';
}

/**
 * Runs `total` operations with at most `window` in flight (closed loop: a slot starts its next operation as soon
 * as the last one completes; a window of 1 runs them one at a time). Fails with a StallError when nothing
 * completes for `stallMs`, saying what `describeStall` reports, so a stuck system ends the run instead of
 * hanging it.
 */
export function runWindowed(options: {
  total: number;
  window: number;
  stallMs: number;
  operation: Operation;
  describeStall?: () => string;
}): Promise<RunResult> {
  const { total, operation } = options;
  const latenciesMs: number[] = [];
  const completedAt: number[] = [];
  const startedAt = performance.now();
  let lastProgress = startedAt;
  let next = 0;
  return new Promise<RunResult>((resolve, reject) => {
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      clearInterval(watchdog);
      reject(error);
    };
    const watchdog = setInterval(() => {
      const idleMs = performance.now() - lastProgress;
      if (idleMs < options.stallMs) return;
      const detail = options.describeStall?.() ?? '';
      fail(
        new StallError(
          `nothing completed for ${(idleMs / 1000).toFixed(0)} s after ${completedAt.length} of ${total}${detail ? `: ${detail}` : ''}`,
        ),
      );
    }, 500);
    const slot = async () => {
      while (next < total && !failed) {
        const latency = await operation(next++);
        lastProgress = performance.now();
        latenciesMs.push(latency);
        completedAt.push(lastProgress);
      }
    };
    const slots = Array.from({ length: Math.min(options.window, total) }, slot);
    Promise.all(slots).then(() => {
      if (failed) return;
      clearInterval(watchdog);
      resolve({ latenciesMs, completedAt, startedAt, endedAt: performance.now() });
    }, fail);
  });
}

/** Callers waiting for a message by key, resolved when it arrives with the time it arrived. */
export class Arrivals {
  readonly #waiting = new Map<string, (at: number) => void>();

  expect(key: string): Promise<number> {
    return new Promise((resolve) => this.#waiting.set(key, resolve));
  }

  arrive(key: string): void {
    const resolve = this.#waiting.get(key);
    if (!resolve) return;
    this.#waiting.delete(key);
    resolve(performance.now());
  }
}
