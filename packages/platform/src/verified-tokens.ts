/**
 * Tokens whose signature and claims were already checked, so a client that sends the same bearer token on every
 * request pays for the signature check once a minute rather than on each request (it is most of a request's
 * CPU). An entry never outlives its token's expiry, and at most `maxAgeMs`, so a key removed from the key set
 * stops being honoured within that time. Oldest entries go first when the cache is full.
 */
export class VerifiedTokens<T extends { expiresAt: number }> {
  readonly #entries = new Map<string, { value: T; until: number }>();
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  get(token: string): T | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.until > this.#now()) return entry.value;
    this.#entries.delete(token);
    return undefined;
  }

  set(token: string, value: T): void {
    const until = Math.min(this.#now() + this.#maxAgeMs, value.expiresAt * 1000);
    if (until <= this.#now()) return;
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(token, { value, until });
  }
}
