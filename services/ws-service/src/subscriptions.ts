import type {
  ServerFrame,
  SubscribeAllFrame,
  SubscribeJobFrame,
  SubscriptionLevel,
} from '@jobtrack/contracts';
import { historyEvent, snapshotEvent } from './frames.ts';
import type { JobLookup } from './job-lookup/port.ts';
import { JobStream, type OutgoingEvent, type StreamStep } from './job-stream.ts';
import { wsReplays } from './metrics.ts';

/** What the subscriptions of one socket need from it. */
export interface SubscriptionHost {
  readonly user: string;
  readonly jobs: JobLookup;
  readonly maxSubscriptions: number;
  /** False once the socket is closing: nothing more is sent. */
  open(): boolean;
  send(frame: ServerFrame): void;
  sendEvent(event: OutgoingEvent): void;
  reject(code: 'NOT_FOUND' | 'TOO_MANY_SUBSCRIPTIONS', message: string, jobId?: string): void;
  watchJob(jobId: string): void;
  unwatchJob(jobId: string): void;
  watchAll(): void;
  unwatchAll(): void;
}

/** Jobs an all-jobs subscription keeps ordering state for; the first seen is forgotten first. */
const ALL_JOBS_TRACKED = 1000;

interface AllJobs {
  level: SubscriptionLevel;
  streams: Map<string, JobStream>;
  /** Set while the subscribe is being answered: streams created meanwhile hold their events. */
  pending: boolean;
}

/**
 * One socket's subscriptions: to single jobs, and at most one to all of the user's jobs. Each job's events go
 * through a JobStream, so they leave in seq order without gaps; a gap is filled from the job's history first.
 */
export class Subscriptions {
  readonly #host: SubscriptionHost;
  /** Created on the first job subscription: most sockets of a browser subscribe to all jobs only. */
  #jobs: Map<string, JobStream> | undefined;
  #all: AllJobs | undefined;

  constructor(host: SubscriptionHost) {
    this.#host = host;
  }

  get count(): number {
    return (this.#jobs?.size ?? 0) + (this.#all ? 1 : 0);
  }

  deliver(event: OutgoingEvent): void {
    const stream = this.#jobs?.get(event.jobId) ?? this.#streamInAll(event.jobId);
    if (!stream) return;
    const action = stream.push(event);
    if (action === 'send') this.#host.sendEvent(event);
    else if (action === 'gap') void this.#fillGap(event.jobId, stream, stream.lastSeq ?? 0);
  }

  /** Checks every live stream against the history, for events a broker outage may have dropped. */
  resync(): void {
    for (const [jobId, stream] of this.#streams()) {
      const lastSeq = stream.lastSeq;
      if (stream.waiting || lastSeq === undefined) continue;
      stream.hold();
      void this.#fillGap(jobId, stream, lastSeq);
    }
  }

  async subscribeJob(frame: SubscribeJobFrame): Promise<boolean> {
    const { jobId, level } = frame;
    const existing = this.#jobs?.get(jobId);
    if (existing) {
      // A repeated subscribe changes the level; one still pending gets its single reply when it is answered.
      existing.level = level;
      if (!existing.waiting) this.#host.send({ type: 'subscribed', jobId, level });
      return true;
    }
    if (!this.#roomForOneMore(jobId)) return false;
    const stream = new JobStream(level);
    // Watched before the ownership check, so that events arriving during it are held rather than lost.
    this.#jobs ??= new Map();
    this.#jobs.set(jobId, stream);
    this.#host.watchJob(jobId);
    let start: Start | undefined;
    try {
      start = await this.#start(jobId, stream, frame.since);
    } finally {
      if (!start && this.#jobs?.get(jobId) === stream) this.#forgetJob(jobId);
    }
    if (!this.#host.open() || this.#jobs?.get(jobId) !== stream) return true;
    if (!start.found) {
      this.#forgetJob(jobId);
      this.#host.reject('NOT_FOUND', 'no such job', jobId);
      return false;
    }
    const recovered = frame.since === undefined ? {} : { recovered: start.recovered };
    this.#host.send({ type: 'subscribed', jobId, level: stream.level, ...recovered });
    this.#apply(jobId, stream, stream.resume(start.first));
    return true;
  }

  unsubscribeJob(jobId: string): void {
    if (this.#jobs?.has(jobId)) this.#forgetJob(jobId);
    this.#host.send({ type: 'unsubscribed', jobId });
  }

  async subscribeAll(frame: SubscribeAllFrame): Promise<boolean> {
    if (this.#all) {
      this.#all.level = frame.level;
      for (const stream of this.#all.streams.values()) stream.level = frame.level;
      if (!this.#all.pending) this.#host.send({ type: 'subscribed', all: true, level: frame.level });
      return true;
    }
    if (!this.#roomForOneMore()) return false;
    const all: AllJobs = { level: frame.level, streams: new Map(), pending: true };
    this.#all = all;
    this.#host.watchAll();
    const resumes = Object.entries(frame.since ?? {});
    for (const [jobId] of resumes) all.streams.set(jobId, new JobStream(frame.level));
    let starts: Array<[string, Start]>;
    try {
      starts = await Promise.all(
        resumes.map(async ([jobId, since]) => {
          const stream = all.streams.get(jobId) as JobStream;
          return [jobId, await this.#start(jobId, stream, since)] as [string, Start];
        }),
      );
    } catch (error) {
      if (this.#all === all) this.unsubscribeAll(false);
      throw error;
    }
    if (!this.#host.open() || this.#all !== all) return true;
    const recovered = Object.fromEntries(
      starts.map(([jobId, start]) => [jobId, start.found && start.recovered]),
    );
    this.#host.send({
      type: 'subscribed',
      all: true,
      level: all.level,
      ...(resumes.length > 0 ? { recovered } : {}),
    });
    all.pending = false;
    const firsts = new Map(starts.map(([jobId, start]) => [jobId, start.found ? start.first : []]));
    for (const [jobId, stream] of all.streams) {
      if (stream.waiting) this.#apply(jobId, stream, stream.resume(firsts.get(jobId) ?? []));
    }
    return true;
  }

  unsubscribeAll(reply = true): void {
    if (this.#all) {
      this.#all = undefined;
      this.#host.unwatchAll();
    }
    if (reply) this.#host.send({ type: 'unsubscribed', all: true });
  }

  /** Drops every subscription; the socket is gone. */
  clear(): void {
    for (const jobId of this.#jobs?.keys() ?? []) this.#host.unwatchJob(jobId);
    this.#jobs = undefined;
    if (this.#all) this.#host.unwatchAll();
    this.#all = undefined;
  }

  #roomForOneMore(jobId?: string): boolean {
    if (this.count < this.#host.maxSubscriptions) return true;
    this.#host.reject(
      'TOO_MANY_SUBSCRIPTIONS',
      `at most ${this.#host.maxSubscriptions} subscriptions per connection`,
      jobId,
    );
    return false;
  }

  #forgetJob(jobId: string): void {
    this.#jobs?.delete(jobId);
    this.#host.unwatchJob(jobId);
  }

  /** The all-jobs stream of a job, created on its first event; none without an all-jobs subscription. */
  #streamInAll(jobId: string): JobStream | undefined {
    const all = this.#all;
    if (!all) return undefined;
    let stream = all.streams.get(jobId);
    if (stream) return stream;
    stream = new JobStream(all.level);
    if (!all.pending) stream.resume([]);
    // The oldest first: a forgotten job that is still running starts afresh at its next event.
    if (all.streams.size >= ALL_JOBS_TRACKED) all.streams.delete(all.streams.keys().next().value as string);
    all.streams.set(jobId, stream);
    return stream;
  }

  *#streams(): Generator<[string, JobStream]> {
    if (this.#jobs) yield* this.#jobs;
    if (this.#all) yield* this.#all.streams;
  }

  /**
   * Where a new stream starts. Without `since`: at the job's current state, sent as one event. With it: after
   * `since`, replaying the history when it still reaches back that far (recovered), else at the current state.
   */
  async #start(jobId: string, stream: JobStream, since: number | undefined): Promise<Start> {
    const job = await this.#host.jobs.get(jobId, this.#host.user);
    if (!job) return { found: false };
    const current = Number(job.seq);
    const snapshot = current > 0 ? snapshotEvent(job) : undefined;
    const fromSnapshot = (recovered: boolean): Start => {
      stream.baseline(Math.max(0, current - 1));
      return { found: true, recovered, first: snapshot ? [snapshot] : [] };
    };
    if (since === undefined) return fromSnapshot(false);
    if (since === current && snapshot) {
      stream.baseline(current, snapshot);
      return { found: true, recovered: true, first: [] };
    }
    if (since >= current) return fromSnapshot(since === current);
    // From the update at `since` itself, which tells the level filter what the client was last shown.
    const history = await this.#host.jobs.events(jobId, this.#host.user, Math.max(0, since - 1));
    const events = (history?.updates ?? []).flatMap((update) => historyEvent(update) ?? []);
    const missed = events.filter((event) => event.seq > since);
    if (missed[0]?.seq !== since + 1) {
      wsReplays.inc({ outcome: 'not_recovered' });
      return fromSnapshot(false);
    }
    wsReplays.inc({ outcome: 'recovered' });
    stream.baseline(
      since,
      events.find((event) => event.seq === since),
    );
    return { found: true, recovered: true, first: missed };
  }

  #apply(jobId: string, stream: JobStream, step: StreamStep): void {
    for (const event of step.send) this.#host.sendEvent(event);
    if (step.gapAfter !== undefined) void this.#fillGap(jobId, stream, step.gapAfter);
  }

  /** Replays the history after `lastSeq` into a held stream; what the history cannot give is reported lost. */
  async #fillGap(jobId: string, stream: JobStream, lastSeq: number): Promise<void> {
    let replay: OutgoingEvent[] = [];
    try {
      const history = await this.#host.jobs.events(jobId, this.#host.user, lastSeq);
      replay = (history?.updates ?? []).flatMap((update) => historyEvent(update) ?? []);
    } catch {
      // Reported below like a history that no longer reaches back: the stream goes on from what arrives.
    }
    if (!this.#host.open() || !this.#owns(jobId, stream)) return;
    const step = stream.resume(replay);
    if (step.gapAfter === undefined) {
      wsReplays.inc({ outcome: 'recovered' });
      this.#apply(jobId, stream, step);
      return;
    }
    wsReplays.inc({ outcome: 'not_recovered' });
    for (const event of step.send) this.#host.sendEvent(event);
    this.#host.send(
      this.#all?.streams.get(jobId) === stream
        ? { type: 'subscribed', all: true, level: stream.level, recovered: { [jobId]: false } }
        : { type: 'subscribed', jobId, level: stream.level, recovered: false },
    );
    this.#apply(jobId, stream, stream.acceptGap());
  }

  #owns(jobId: string, stream: JobStream): boolean {
    return this.#jobs?.get(jobId) === stream || this.#all?.streams.get(jobId) === stream;
  }
}

type Start = { found: false } | { found: true; recovered: boolean; first: OutgoingEvent[] };
