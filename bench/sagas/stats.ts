import type { RunResult } from './windowed.ts';

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) : 0;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

/** Share of completions left out at each end of a windowed run: the ramp-up and the drain. */
const EDGE = 0.1;

/**
 * Completions per second over the steady part of a run: between its 10% and 90% completions, so neither the
 * ramp-up (the window filling) nor the drain (the last operations finishing with nothing behind them) counts.
 */
export function steadyRate(run: RunResult): number {
  const times = run.completedAt;
  const first = Math.floor(times.length * EDGE);
  const last = Math.ceil(times.length * (1 - EDGE)) - 1;
  const from = times[first];
  const to = times[last];
  if (from === undefined || to === undefined || to <= from) {
    return (times.length * 1000) / Math.max(run.endedAt - run.startedAt, 1);
  }
  return ((last - first) * 1000) / (to - from);
}
