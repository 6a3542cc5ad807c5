/**
 * What one socket may send: a token bucket of frames (rate per second, burst), and a count of violations (frames
 * answered with an error) within a sliding minute, past which the socket is closed for a policy violation.
 */
export class FrameBudget {
  readonly #rate: number;
  readonly #burst: number;
  readonly #maxViolations: number;
  #tokens: number;
  #refilledAt: number;
  #violations = 0;
  #windowStart: number;

  constructor(options: { rate: number; burst: number; maxViolations: number; now: number }) {
    this.#rate = options.rate;
    this.#burst = options.burst;
    this.#maxViolations = options.maxViolations;
    this.#tokens = options.burst;
    this.#refilledAt = options.now;
    this.#windowStart = options.now;
  }

  /** Takes one frame's token; false when the socket is over its rate. */
  take(now: number): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Records a violation; true once there were too many within the minute. */
  violate(now: number): boolean {
    if (now - this.#windowStart > 60_000) {
      this.#windowStart = now;
      this.#violations = 0;
    }
    this.#violations += 1;
    return this.#violations > this.#maxViolations;
  }
}
