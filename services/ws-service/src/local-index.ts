import type { OutgoingEvent } from './frames.ts';

export interface Subscriber {
  readonly user: string;
  deliver(event: OutgoingEvent): void;
}

/** This instance's job → subscribed sockets, so delivering an update costs O(its subscribers). */
export class LocalIndex<S extends Subscriber = Subscriber> {
  readonly #byJob = new Map<string, Set<S>>();

  add(jobId: string, subscriber: S): void {
    let subscribers = this.#byJob.get(jobId);
    if (!subscribers) {
      subscribers = new Set();
      this.#byJob.set(jobId, subscribers);
    }
    subscribers.add(subscriber);
  }

  delete(jobId: string, subscriber: S): void {
    const subscribers = this.#byJob.get(jobId);
    if (!subscribers) return;
    subscribers.delete(subscriber);
    if (subscribers.size === 0) this.#byJob.delete(jobId);
  }

  /** Hands the event to the job's subscribers that are its owner; an ownership check per socket, at no I/O cost. */
  deliver(event: OutgoingEvent): void {
    const subscribers = this.#byJob.get(event.jobId);
    if (!subscribers) return;
    for (const subscriber of subscribers) {
      if (subscriber.user === event.owner) subscriber.deliver(event);
    }
  }
}
