/** The next offset to read of one partition, as Kafka commits it (the last done message's offset + 1). */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Commits a consumer's done offsets in the background, every `intervalMs` at most, instead of one OffsetCommit
 * round trip after every batch that the next fetch waits for (kafkajs' autoCommit). On a busy consumer that round
 * trip was a share of every hop's latency and one broker request per batch; now it is one request per interval.
 *
 * What this costs: a crash, or a rebalance before the next commit, redelivers up to `intervalMs` of messages that
 * were already handled. Every handler is idempotent by message id (at-least-once delivery), so that is safe.
 */
export class OffsetCommitter {
  readonly #commit: (offsets: PartitionOffset[]) => Promise<void>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #pending = new Map<string, PartitionOffset>();
  #timer: NodeJS.Timeout | undefined;
  #committing: Promise<void> = Promise.resolve();

  constructor(options: {
    commit: (offsets: PartitionOffset[]) => Promise<void>;
    intervalMs: number;
    onError: (error: unknown) => void;
  }) {
    this.#commit = options.commit;
    this.#intervalMs = options.intervalMs;
    this.#onError = options.onError;
  }

  /** Everything before `offset` in the partition is done. */
  done(topic: string, partition: number, offset: string): void {
    this.#pending.set(`${topic}/${partition}`, { topic, partition, offset });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
    // The consumer keeps the process alive while it runs; a stop flushes explicitly.
    this.#timer.unref();
  }

  /** After a rebalance: offsets of partitions this member no longer holds are its new owner's to commit. */
  keepOnly(assignment: Readonly<Record<string, readonly number[]>>): void {
    for (const [key, { topic, partition }] of this.#pending) {
      if (!assignment[topic]?.includes(partition)) this.#pending.delete(key);
    }
  }

  /** Commits what is pending now (and waits for a commit already under way); resolves even when it fails. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const offsets = this.#pending;
    this.#pending = new Map();
    this.#committing = this.#committing.then(async () => {
      if (offsets.size === 0) return;
      try {
        await this.#commit([...offsets.values()]);
      } catch (error) {
        // Kept for the next attempt unless a later offset of the same partition has come meanwhile.
        for (const [key, offset] of offsets) if (!this.#pending.has(key)) this.#pending.set(key, offset);
        if (this.#pending.size > 0) this.#schedule();
        this.#onError(error);
      }
    });
    return this.#committing;
  }

  /** Stops the timer; what is pending is dropped (call flush first to commit it). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }
}
