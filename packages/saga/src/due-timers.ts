import type { Logger } from '@jobtrack/platform';
import type { SagaStore } from './store/port.ts';

export interface DueTimerOptions {
  /** How often an idle loop looks for due sagas; it bounds how late a timeout or retry fires. */
  pollIntervalMs: number;
  /** Due sagas taken per poll. */
  batchSize: number;
  /** How long a claimed saga is hidden from other replicas; after it, a saga whose handling died is due again. */
  claimMs: number;
}

export const DEFAULT_DUE_TIMER_OPTIONS: DueTimerOptions = {
  pollIntervalMs: 100,
  batchSize: 100,
  claimMs: 10_000,
};

/**
 * The loop that fires saga timers kept in the store: it claims the sagas whose time has come and hands each to
 * `fire`. The timers live in the store, not in this process, so they survive a restart, and any replica may
 * fire any saga's timer; the store's version check settles a race.
 */
export class DueTimers {
  readonly #store: SagaStore;
  readonly #options: DueTimerOptions;
  readonly #fire: (sagaId: string) => Promise<void>;
  readonly #logger: Logger;
  readonly #stopping = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(
    store: SagaStore,
    options: DueTimerOptions,
    fire: (sagaId: string) => Promise<void>,
    logger: Logger,
  ) {
    this.#store = store;
    this.#options = options;
    this.#fire = fire;
    this.#logger = logger;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { signal } = this.#stopping;
    while (!signal.aborted) {
      let claimed = 0;
      try {
        const due = await this.#store.claimDue(Date.now(), this.#options.batchSize, this.#options.claimMs);
        claimed = due.length;
        await Promise.all(due.map((sagaId) => this.#fireOne(sagaId)));
      } catch (error) {
        this.#logger.warn({ err: error }, 'polling saga timers failed; retrying');
      }
      if (claimed < this.#options.batchSize) await pause(this.#options.pollIntervalMs, signal);
    }
  }

  async #fireOne(sagaId: string): Promise<void> {
    try {
      await this.#fire(sagaId);
    } catch (error) {
      // The claim runs out and the saga is due again, so a failed firing is retried, not lost.
      this.#logger.warn({ err: error, sagaId, jobId: sagaId }, 'firing a saga timer failed');
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
