import type { JobStatusName, SubscriptionLevel } from '@jobtrack/contracts';
import type { OutgoingEvent } from './frames.ts';

/**
 * One socket's interest in one job. It starts pending while ownership is checked, holding the updates that
 * arrive meanwhile so none falls between the job's snapshot and the live stream.
 */
export class Subscription {
  level: SubscriptionLevel;
  #held: OutgoingEvent[] | undefined = [];
  /** The highest seq sent or deliberately skipped: updates are consumed at least once and may come again. */
  #lastSeq = 0;
  #lastStatus: JobStatusName | undefined;

  constructor(level: SubscriptionLevel) {
    this.level = level;
  }

  get pending(): boolean {
    return this.#held !== undefined;
  }

  /** Holds an update while pending; returns false once active, when the caller should offer it instead. */
  hold(event: OutgoingEvent): boolean {
    this.#held?.push(event);
    return this.#held !== undefined;
  }

  /** Ends the pending state, returning the held updates in arrival order. */
  activate(): OutgoingEvent[] {
    const held = this.#held ?? [];
    this.#held = undefined;
    return held;
  }

  /** Whether this event should go to the client: never an old seq, and at level status only a change. */
  admit(event: OutgoingEvent): boolean {
    if (event.seq <= this.#lastSeq) return false;
    this.#lastSeq = event.seq;
    if (this.level === 'status' && event.status === this.#lastStatus) return false;
    this.#lastStatus = event.status;
    return true;
  }
}
