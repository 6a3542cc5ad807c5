/**
 * Calls `onSilence` once nothing was heard for `limitMs`. Hearing only stamps a time, so a busy connection costs no
 * timer churn per message; the one timer re-arms itself for the remaining quiet time when it fires early.
 */
export class SilenceWatchdog {
  readonly #onSilence: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #limitMs = 0;
  #lastHeard = 0;

  constructor(onSilence: () => void) {
    this.#onSilence = onSilence;
  }

  start(limitMs: number): void {
    this.#limitMs = limitMs;
    this.#lastHeard = Date.now();
    this.#schedule(limitMs);
  }

  heard(): void {
    this.#lastHeard = Date.now();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const quietMs = Date.now() - this.#lastHeard;
      if (quietMs < this.#limitMs) {
        this.#schedule(this.#limitMs - quietMs);
        return;
      }
      this.#timer = undefined;
      this.#onSilence();
    }, delayMs);
  }
}
