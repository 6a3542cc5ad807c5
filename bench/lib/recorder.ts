/** Latency (ms) and status of every response of one load run, for exact percentiles and status counts. */
export class Recorder {
  #latencies = new Float64Array(1 << 16);
  #count = 0;
  readonly statuses = new Map<number, number>();
  errors = 0;

  record(latencyMs: number, status: number): void {
    if (this.#count === this.#latencies.length) {
      const grown = new Float64Array(this.#latencies.length * 2);
      grown.set(this.#latencies);
      this.#latencies = grown;
    }
    this.#latencies[this.#count++] = latencyMs;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  summary(durationS: number): LoadResult {
    const sorted = this.#latencies.slice(0, this.#count).sort();
    const at = (q: number) =>
      this.#count ? (sorted[Math.min(this.#count - 1, Math.floor(q * this.#count))] ?? 0) : 0;
    let non2xx = 0;
    for (const [status, count] of this.statuses) if (status < 200 || status > 299) non2xx += count;
    return {
      responses: this.#count,
      durationS,
      rps: this.#count / durationS,
      latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
      non2xx,
      errors: this.errors,
      statuses: Object.fromEntries(this.statuses),
    };
  }
}

export interface LoadResult {
  responses: number;
  durationS: number;
  /** Responses per second over the run. */
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  /** Connection errors and timeouts: requests that got no response at all. */
  errors: number;
  statuses: Record<string, number>;
}
