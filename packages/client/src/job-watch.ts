import type { SubscriptionLevel } from '@jobtrack/contracts/ws-protocol';
import { Emitter } from './emitter.ts';
import type { JobUpdate, JobWatch } from './types.ts';

/** Why a watch ended: its job reached a terminal update, the caller closed it, or the transport gave up on it. */
export type WatchEnd = 'terminal' | 'closed' | 'failed';

export interface JobWatchInit {
  level: SubscriptionLevel;
  since?: number;
  onUpdate?: (update: JobUpdate) => void;
  /**
   * Updates the iterator holds for a consumer that reads slower than they arrive. Past it the oldest are dropped:
   * every update carries the whole job state, so a lagging reader loses intermediate steps, never the outcome.
   */
  queueLimit?: number;
  /** Told once, when the watch ends for whatever reason, so the transport can drop the subscription. */
  onEnd: (watch: JobWatchState, reason: WatchEnd) => void;
  onListenerError: (error: unknown) => void;
}

export const DEFAULT_QUEUE_LIMIT = 1000;

type WatchEvents = { update: JobUpdate; recovered: boolean };

interface Reader {
  resolve: (result: IteratorResult<JobUpdate>) => void;
  reject: (error: Error) => void;
}

/** One job being watched: deduplicates and orders its updates and hands them to callbacks and one iterator. */
export class JobWatchState implements JobWatch {
  readonly jobId: string;
  readonly level: SubscriptionLevel;
  readonly done: Promise<JobUpdate>;
  readonly #events: Emitter<WatchEvents>;
  readonly #queueLimit: number;
  readonly #onEnd: JobWatchInit['onEnd'];
  #resolveDone!: (update: JobUpdate) => void;
  #rejectDone!: (error: Error) => void;
  #lastSeq: number;
  /** The caller named a `since`, so even 0 means "replay from there" rather than "start at the current state". */
  readonly #sinceGiven: boolean;
  #queue: JobUpdate[] = [];
  #reader: Reader | undefined;
  #ended = false;
  #error: Error | undefined;
  #iterated = false;
  #dropped = 0;

  constructor(jobId: string, init: JobWatchInit) {
    this.jobId = jobId;
    this.level = init.level;
    this.#lastSeq = init.since ?? 0;
    this.#sinceGiven = init.since !== undefined;
    this.#queueLimit = init.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.#onEnd = init.onEnd;
    this.#events = new Emitter(init.onListenerError);
    this.done = new Promise<JobUpdate>((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    // A caller using only the iterator or callbacks never awaits `done`; its rejection must not crash the process.
    this.done.catch(() => {});
    if (init.onUpdate) this.#events.on('update', init.onUpdate);
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Where a (re)subscription resumes; undefined asks for the job's current state instead of a replay. */
  get resumeFrom(): number | undefined {
    return this.#sinceGiven || this.#lastSeq > 0 ? this.#lastSeq : undefined;
  }

  /** Still wants updates: not terminal, not closed, not failed. */
  get active(): boolean {
    return !this.#ended;
  }

  /** Updates a slow iterator reader never saw because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  on(event: 'update', listener: (update: JobUpdate) => void): () => void;
  on(event: 'recovered', listener: (recovered: boolean) => void): () => void;
  on(event: keyof WatchEvents, listener: (value: never) => void): () => void {
    return this.#events.on(event, listener as (value: WatchEvents[keyof WatchEvents]) => void);
  }

  /** Takes an update from the transport; false when it was a duplicate or came after the end. */
  deliver(update: JobUpdate): boolean {
    if (this.#ended || update.seq <= this.#lastSeq) return false;
    this.#lastSeq = update.seq;
    this.#push(update);
    this.#events.emit('update', update);
    if (update.done) {
      this.#resolveDone(update);
      this.#end('terminal');
    }
    return true;
  }

  /** The transport resumed this watch; `recovered` says whether every missed update follows. */
  resumed(recovered: boolean): void {
    if (!this.#ended) this.#events.emit('recovered', recovered);
  }

  /** Ends the watch with the job's terminal state when the transport learned it without a new update. */
  finish(terminal: JobUpdate): void {
    if (this.#ended) return;
    this.#resolveDone(terminal);
    this.#end('terminal');
  }

  fail(error: Error): void {
    if (this.#ended) return;
    this.#error = error;
    this.#rejectDone(error);
    this.#end('failed');
  }

  close(): void {
    if (this.#ended) return;
    this.#rejectDone(new Error(`the watch of job ${this.jobId} was closed before the job ended`));
    this.#end('closed');
  }

  [Symbol.asyncIterator](): AsyncIterator<JobUpdate> {
    // Two readers would split the updates between them; a second reader should open a second client or callback.
    if (this.#iterated) throw new TypeError(`the watch of job ${this.jobId} can be iterated only once`);
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: async () => {
        this.close();
        this.#queue = [];
        return { done: true, value: undefined };
      },
    };
  }

  #push(update: JobUpdate): void {
    if (this.#reader) {
      const reader = this.#reader;
      this.#reader = undefined;
      reader.resolve({ done: false, value: update });
      return;
    }
    this.#queue.push(update);
    if (this.#queue.length > this.#queueLimit) {
      this.#queue.shift();
      this.#dropped++;
    }
  }

  #next(): Promise<IteratorResult<JobUpdate>> {
    const update = this.#queue.shift();
    if (update) return Promise.resolve({ done: false, value: update });
    if (this.#ended) return this.#finished();
    return new Promise((resolve, reject) => {
      this.#reader = { resolve, reject };
    });
  }

  /** The iterator's end: the error once if the watch failed, then plain done. */
  #finished(): Promise<IteratorResult<JobUpdate>> {
    const error = this.#error;
    this.#error = undefined;
    return error ? Promise.reject(error) : Promise.resolve({ done: true, value: undefined });
  }

  #end(reason: WatchEnd): void {
    this.#ended = true;
    const reader = this.#reader;
    this.#reader = undefined;
    if (reader) {
      const error = this.#error;
      this.#error = undefined;
      if (error) reader.reject(error);
      else reader.resolve({ done: true, value: undefined });
    }
    this.#onEnd(this, reason);
    this.#events.clear();
  }
}
