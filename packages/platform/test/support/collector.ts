/**
 * Gathers values pushed by async callbacks and lets a test await a count of them, failing with what arrived if
 * the count is not reached in time (a guard against hanging, not a sleep: it resolves as soon as they are in).
 */
export class Collector<T> {
  readonly items: T[] = [];
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  push(item: T): void {
    this.items.push(item);
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<T[]> {
    if (this.items.length >= count) return this.items;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#waiters.push({ count, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`expected ${count} items within ${timeoutMs} ms, got ${this.items.length}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return this.items;
  }
}

/** Resolves when `condition` holds, polling an observable state; for states that emit no event of their own. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  condition: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
