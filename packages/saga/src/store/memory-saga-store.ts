import { isFinished, type SagaEffect, type SagaInstance } from '../instance.ts';
import {
  dueAt,
  FINISHED_RETENTION_MS,
  type LockRequest,
  type SagaCommit,
  type SagaStore,
  type StoredSaga,
} from './port.ts';

interface Entry {
  json: string;
  version: number;
  outbox: SagaEffect[];
  expiresAt: number;
}

interface Lock {
  holder: string;
  expiresAt: number;
}

/**
 * The store of the embedded mode: one process, so plain maps, with the Redis adapter's semantics (versions,
 * due times, lock leases and queues, retention) so the contract suite holds for both. Instances are kept as
 * JSON, as Redis keeps them, so no caller can change a stored instance by holding on to an object.
 */
export class MemorySagaStore implements SagaStore {
  readonly #entries = new Map<string, Entry>();
  readonly #due = new Map<string, number>();
  readonly #locks = new Map<string, Lock>();
  readonly #queues = new Map<string, string[]>();
  readonly #inFlight = new Set<string>();
  /** Finished sagas in the order they finished, which is the order they expire in. */
  readonly #finished = new Set<string>();
  readonly #retentionMs: number;
  readonly #clock: () => number;

  constructor(options: { retentionMs?: number; clock?: () => number } = {}) {
    this.#retentionMs = options.retentionMs ?? FINISHED_RETENTION_MS;
    this.#clock = options.clock ?? Date.now;
  }

  #entry(sagaId: string): Entry | undefined {
    const entry = this.#entries.get(sagaId);
    if (entry && entry.expiresAt <= this.#clock()) {
      this.#entries.delete(sagaId);
      return undefined;
    }
    return entry;
  }

  async load(sagaId: string): Promise<StoredSaga | undefined> {
    const entry = this.#entry(sagaId);
    if (!entry) return undefined;
    return {
      instance: JSON.parse(entry.json) as SagaInstance,
      version: entry.version,
      outbox: structuredClone(entry.outbox),
    };
  }

  async commit(commit: SagaCommit): Promise<number | null> {
    const { instance, now } = commit;
    const sagaId = instance.sagaId;
    if ((this.#entry(sagaId)?.version ?? 0) !== commit.expectedVersion) return null;
    const finished = isFinished(instance);
    const version = commit.expectedVersion + 1;
    this.#entries.set(sagaId, {
      json: JSON.stringify(instance),
      version,
      outbox: structuredClone(commit.outbox),
      expiresAt: finished ? this.#clock() + this.#retentionMs : Number.POSITIVE_INFINITY,
    });
    this.#setDue(sagaId, dueAt(instance.deadline, commit.outbox.length > 0, now));
    if (finished) {
      this.#inFlight.delete(sagaId);
      this.#finished.delete(sagaId);
      this.#finished.add(sagaId);
      this.#dropExpired();
    } else {
      this.#inFlight.add(sagaId);
    }
    if (instance.lockKey !== null) {
      const lock = this.#heldLock(instance.lockKey);
      if (finished) {
        this.#dequeue(instance.lockKey, sagaId);
        if (lock?.holder === sagaId) this.#handOver(instance.lockKey, commit.lockLeaseMs, now);
      } else if (lock?.holder === sagaId) {
        lock.expiresAt = this.#clock() + commit.lockLeaseMs;
      }
    }
    return version;
  }

  async markPublished(sagaId: string, version: number, deadline: number | null): Promise<void> {
    const entry = this.#entry(sagaId);
    if ((entry?.version ?? 0) !== version) return;
    if (entry) entry.outbox = [];
    this.#setDue(sagaId, deadline);
  }

  async reschedule(sagaId: string, version: number, due: number | null): Promise<void> {
    if ((this.#entry(sagaId)?.version ?? 0) !== version) return;
    this.#setDue(sagaId, due);
  }

  async claimDue(now: number, limit: number, claimMs: number): Promise<string[]> {
    const due = [...this.#due]
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([sagaId]) => sagaId);
    for (const sagaId of due) this.#due.set(sagaId, now + claimMs);
    return due;
  }

  async tryLock(key: string, sagaId: string, request: LockRequest): Promise<boolean> {
    let lock = this.#heldLock(key);
    const queue = this.#queues.get(key) ?? [];
    if (!lock && queue.length > 0 && queue[0] !== sagaId) {
      lock = this.#handOver(key, request.leaseMs, request.now);
    }
    if (!lock || lock.holder === sagaId) {
      this.#locks.set(key, { holder: sagaId, expiresAt: this.#clock() + request.leaseMs });
      this.#dequeue(key, sagaId);
      return true;
    }
    if (request.queue && !queue.includes(sagaId)) this.#queues.set(key, [...queue, sagaId]);
    return false;
  }

  async inFlight(): Promise<number> {
    return this.#inFlight.size;
  }

  #dropExpired(): void {
    for (const sagaId of this.#finished) {
      if (this.#entry(sagaId)) return;
      this.#finished.delete(sagaId);
    }
  }

  #setDue(sagaId: string, due: number | null): void {
    if (due === null) this.#due.delete(sagaId);
    else this.#due.set(sagaId, due);
  }

  #heldLock(key: string): Lock | undefined {
    const lock = this.#locks.get(key);
    if (lock && lock.expiresAt <= this.#clock()) {
      this.#locks.delete(key);
      return undefined;
    }
    return lock;
  }

  /** Gives the lock to the first saga queued for it and wakes that saga, or frees it. */
  #handOver(key: string, leaseMs: number, now: number): Lock | undefined {
    const [waiter, ...rest] = this.#queues.get(key) ?? [];
    if (waiter === undefined) {
      this.#locks.delete(key);
      return undefined;
    }
    this.#queues.set(key, rest);
    const lock = { holder: waiter, expiresAt: this.#clock() + leaseMs };
    this.#locks.set(key, lock);
    this.#due.set(waiter, now);
    return lock;
  }

  #dequeue(key: string, sagaId: string): void {
    const queue = this.#queues.get(key);
    if (!queue) return;
    const rest = queue.filter((id) => id !== sagaId);
    if (rest.length === 0) this.#queues.delete(key);
    else this.#queues.set(key, rest);
  }
}
