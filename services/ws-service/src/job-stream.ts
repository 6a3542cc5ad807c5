import type { JobStatusName, SubscriptionLevel } from '@jobtrack/contracts';

/** An event frame serialized once, with what a subscription needs to decide whether to send it. */
export interface OutgoingEvent {
  jobId: string;
  owner: string;
  seq: number;
  status: JobStatusName;
  percent: number;
  /** When the job service committed the update, epoch milliseconds. */
  committedAt: number;
  /** The frame, encoded once: every socket is handed the same bytes. */
  data: Buffer;
}

export interface StreamStep {
  /** Events to send now, in order. */
  send: OutgoingEvent[];
  /** Set when an event arrived past a gap: replay the history after this seq, then `resume`. */
  gapAfter?: number;
}

/**
 * The order of one job's events on one subscription. Events are sent with strictly increasing seq: duplicates
 * (updates are consumed at least once) and older events are dropped, and an event past a gap is held, with
 * everything after it, until the history has filled the gap. The level then decides which events are sent;
 * those it skips still count as seen.
 */
export class JobStream {
  level: SubscriptionLevel;
  /** Highest seq accounted for; undefined until the first event tells where the stream stands. */
  #lastSeq: number | undefined;
  #lastStatus: JobStatusName | undefined;
  #lastPercent: number | undefined;
  /** Events waiting for the stream to start or for a replay to end. */
  #held: OutgoingEvent[] | undefined = [];

  constructor(level: SubscriptionLevel) {
    this.level = level;
  }

  get waiting(): boolean {
    return this.#held !== undefined;
  }

  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  /** Where the stream stands before anything is sent: the state the client already has, shown or not. */
  baseline(seq: number, state?: { status: JobStatusName; percent: number }): void {
    this.#lastSeq = seq;
    this.#lastStatus = state?.status;
    this.#lastPercent = state?.percent;
  }

  /**
   * Takes a live event: `send` it, `skip` it (old, filtered by the level, or held while waiting), or `gap`: it
   * came past a gap and is held, with what follows, until `resume` is given the history after `lastSeq`.
   * The common case allocates nothing, since it runs for every event on every subscribed socket.
   */
  push(event: OutgoingEvent): 'send' | 'skip' | 'gap' {
    if (this.#held) {
      this.#held.push(event);
      return 'skip';
    }
    const last = this.#lastSeq;
    if (last !== undefined && event.seq <= last) return 'skip';
    if (last !== undefined && event.seq > last + 1) {
      this.#held = [event];
      return 'gap';
    }
    this.#lastSeq = event.seq;
    return this.#admits(event) ? 'send' : 'skip';
  }

  /** Ends a wait: `first` (a snapshot or replayed history) goes out before the events held meanwhile. */
  resume(first: readonly OutgoingEvent[]): StreamStep {
    const held = this.#held ?? [];
    this.#held = undefined;
    return this.#take([...first, ...held.toSorted((a, b) => a.seq - b.seq)]);
  }

  /** Holds what arrives from now on, while the caller checks the history for events it may have missed. */
  hold(): void {
    this.#held ??= [];
  }

  /** Gives up on the gap before the held events (the history no longer covers it) and sends from there. */
  acceptGap(): StreamStep {
    const held = this.#held ?? [];
    this.#held = undefined;
    const next = held[0];
    if (next) this.#lastSeq = next.seq - 1;
    return this.#take(held);
  }

  #take(events: readonly OutgoingEvent[]): StreamStep {
    const send: OutgoingEvent[] = [];
    for (const [index, event] of events.entries()) {
      if (this.#lastSeq !== undefined && event.seq <= this.#lastSeq) continue;
      if (this.#lastSeq !== undefined && event.seq > this.#lastSeq + 1) {
        this.#held = events.slice(index).toSorted((a, b) => a.seq - b.seq);
        return { send, gapAfter: this.#lastSeq };
      }
      this.#lastSeq = event.seq;
      if (this.#admits(event)) send.push(event);
    }
    return { send };
  }

  #admits(event: OutgoingEvent): boolean {
    const statusChanged = event.status !== this.#lastStatus;
    const percentChanged = event.percent !== this.#lastPercent;
    this.#lastStatus = event.status;
    this.#lastPercent = event.percent;
    if (this.level === 'status') return statusChanged;
    if (this.level === 'progress') return statusChanged || percentChanged;
    return true;
  }
}
