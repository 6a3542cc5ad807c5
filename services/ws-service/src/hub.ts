import type { Logger } from '@jobtrack/platform';
import type { BrokerListener, EventBroker } from './broker/port.ts';
import type { OutgoingEvent } from './job-stream.ts';
import { wsEventDelay } from './metrics.ts';

export interface HubMember {
  readonly user: string;
  deliver(event: OutgoingEvent): void;
  /** The broker may have dropped events: check every subscription against the history. */
  resync(): void;
}

interface UserEntry<M> {
  members: Set<M>;
  joined: Promise<void>;
}

/**
 * This replica's sockets, indexed so that an event costs O(its subscribers): by user (to join the broker's
 * channel of every user held here, once), by job (job subscriptions) and by user again for all-jobs
 * subscriptions. Every socket is handed the same bytes, encoded once by the relay.
 */
export class Hub<M extends HubMember> implements BrokerListener<OutgoingEvent> {
  readonly #broker: EventBroker;
  readonly #log: Logger;
  readonly #users = new Map<string, UserEntry<M>>();
  readonly #byJob = new Map<string, Set<M>>();
  readonly #allJobs = new Map<string, Set<M>>();

  constructor(broker: EventBroker, logger: Logger) {
    this.#broker = broker;
    this.#log = logger;
    broker.listen(this);
  }

  /** Sockets of the user on this replica. */
  countOf(user: string): number {
    return this.#users.get(user)?.members.size ?? 0;
  }

  /** Resolves once the user's events reach this replica. */
  add(member: M): Promise<void> {
    let entry = this.#users.get(member.user);
    if (!entry) {
      const created: UserEntry<M> = { members: new Set(), joined: this.#broker.join(member.user) };
      // A failed join is retried by the next socket of the user; the sockets that waited on it close.
      created.joined.catch(() => {
        if (this.#users.get(member.user) === created) this.#users.delete(member.user);
      });
      this.#users.set(member.user, created);
      entry = created;
    }
    entry.members.add(member);
    return entry.joined;
  }

  remove(member: M): void {
    const entry = this.#users.get(member.user);
    if (!entry?.members.delete(member) || entry.members.size > 0) return;
    this.#users.delete(member.user);
    this.#broker.leave(member.user).catch((error: unknown) => {
      this.#log.warn({ err: error, user: member.user }, 'leaving a broker channel failed');
    });
  }

  watchJob(jobId: string, member: M): void {
    addTo(this.#byJob, jobId, member);
  }

  unwatchJob(jobId: string, member: M): void {
    deleteFrom(this.#byJob, jobId, member);
  }

  watchAll(member: M): void {
    addTo(this.#allJobs, member.user, member);
  }

  unwatchAll(member: M): void {
    deleteFrom(this.#allJobs, member.user, member);
  }

  message(user: string, event: OutgoingEvent): void {
    wsEventDelay.observe(Math.max(0, Date.now() - event.committedAt) / 1000);
    const forJob = this.#byJob.get(event.jobId);
    if (forJob) {
      // A socket may have asked for a job it does not own; only the owner's sockets are handed its events.
      for (const member of forJob) if (member.user === user) member.deliver(event);
    }
    const forAll = this.#allJobs.get(user);
    if (forAll) {
      for (const member of forAll) if (!forJob?.has(member)) member.deliver(event);
    }
  }

  resync(): void {
    for (const entry of this.#users.values()) for (const member of entry.members) member.resync();
  }
}

function addTo<K, M>(index: Map<K, Set<M>>, key: K, member: M): void {
  let members = index.get(key);
  if (!members) {
    members = new Set();
    index.set(key, members);
  }
  members.add(member);
}

function deleteFrom<K, M>(index: Map<K, Set<M>>, key: K, member: M): void {
  const members = index.get(key);
  if (!members?.delete(member)) return;
  if (members.size === 0) index.delete(key);
}
