/**
 * The replies sent for the most recent command ids, oldest evicted first, so a redelivered command gets the
 * same answer instead of being applied twice. Bounded, because redeliveries come soon after the original.
 */
export class RecentReplies<V> {
  readonly #entries = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(id: string): V | undefined {
    return this.#entries.get(id);
  }

  set(id: string, value: V): void {
    this.#entries.delete(id);
    this.#entries.set(id, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) break;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
