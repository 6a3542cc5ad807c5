import type { ReconnectOptions } from './types.ts';

export const RECONNECT_DEFAULTS: Required<ReconnectOptions> = {
  initialDelayMs: 250,
  maxDelayMs: 15_000,
  multiplier: 2,
  jitter: 0.5,
};

/**
 * Exponential backoff with jitter. The jitter takes up to `jitter` of each delay away (never adds), so the cap is
 * a real upper bound, and clients dropped together by one failing server spread out instead of returning at once.
 */
export class Backoff {
  readonly #options: Required<ReconnectOptions>;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: ReconnectOptions = {}, random: () => number = Math.random) {
    const merged = { ...RECONNECT_DEFAULTS, ...definedOnly(options) };
    if (merged.initialDelayMs < 0 || merged.maxDelayMs < merged.initialDelayMs) {
      throw new RangeError('reconnect: need 0 <= initialDelayMs <= maxDelayMs');
    }
    if (merged.multiplier < 1) throw new RangeError('reconnect: multiplier must be at least 1');
    if (merged.jitter < 0 || merged.jitter > 1)
      throw new RangeError('reconnect: jitter must be within [0, 1]');
    this.#options = merged;
    this.#random = random;
  }

  /** Failed attempts since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const { initialDelayMs, maxDelayMs, multiplier, jitter } = this.#options;
    const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (1 - jitter * this.#random()));
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** Options spread over the defaults must not replace them with an explicit undefined. */
function definedOnly(options: ReconnectOptions): ReconnectOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
