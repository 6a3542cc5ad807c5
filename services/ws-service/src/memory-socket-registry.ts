import type { SocketEntry, SocketRegistry, SocketState } from './socket-registry.ts';

/** Members of a user or job index, each with its own expiry, like the scores of the Redis sorted sets. */
type Members = Map<string, number>;

interface StoredSocket {
  entry: SocketEntry;
  jobs: Set<string>;
  expiresAt: number;
}

/** The registry of one process, for the embedded mode; expires entries exactly as the Redis adapter does. */
export class MemorySocketRegistry implements SocketRegistry {
  readonly ttlMs: number;
  readonly #now: () => number;
  readonly #sockets = new Map<string, StoredSocket>();
  readonly #users = new Map<string, Members>();
  readonly #jobs = new Map<string, Members>();

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  async register(entry: SocketEntry): Promise<void> {
    this.#put({ ...entry, jobIds: [] });
  }

  async subscribe(socketId: string, jobId: string): Promise<void> {
    const expiresAt = this.#now() + this.ttlMs;
    this.#live(socketId)?.jobs.add(jobId);
    members(this.#jobs, jobId).set(socketId, expiresAt);
  }

  async unsubscribe(socketId: string, jobId: string): Promise<void> {
    this.#sockets.get(socketId)?.jobs.delete(jobId);
    drop(this.#jobs, jobId, socketId);
  }

  async remove(socketId: string): Promise<void> {
    const stored = this.#sockets.get(socketId);
    if (!stored) return;
    this.#sockets.delete(socketId);
    drop(this.#users, stored.entry.user, socketId);
    for (const jobId of stored.jobs) drop(this.#jobs, jobId, socketId);
  }

  async socket(socketId: string): Promise<SocketEntry | undefined> {
    const stored = this.#live(socketId);
    return stored ? { ...stored.entry } : undefined;
  }

  async socketsOfJob(jobId: string): Promise<string[]> {
    return this.#liveMembers(this.#jobs, jobId);
  }

  async socketsOfUser(user: string): Promise<string[]> {
    return this.#liveMembers(this.#users, user);
  }

  async refresh(sockets: readonly SocketState[]): Promise<void> {
    for (const state of sockets) this.#put(state);
    this.#sweep();
  }

  #put(state: SocketState): void {
    const { jobIds, ...entry } = state;
    const expiresAt = this.#now() + this.ttlMs;
    this.#sockets.set(entry.socketId, { entry, jobs: new Set(jobIds), expiresAt });
    members(this.#users, entry.user).set(entry.socketId, expiresAt);
    for (const jobId of jobIds) members(this.#jobs, jobId).set(entry.socketId, expiresAt);
  }

  #live(socketId: string): StoredSocket | undefined {
    const stored = this.#sockets.get(socketId);
    return stored && stored.expiresAt > this.#now() ? stored : undefined;
  }

  #liveMembers(index: Map<string, Members>, key: string): string[] {
    const now = this.#now();
    const found = index.get(key);
    if (!found) return [];
    return [...found].filter(([, expiresAt]) => expiresAt > now).map(([socketId]) => socketId);
  }

  /** Drops what expired, so entries of sockets nobody removed do not pile up. */
  #sweep(): void {
    const now = this.#now();
    for (const [socketId, stored] of this.#sockets) {
      if (stored.expiresAt <= now) this.#sockets.delete(socketId);
    }
    for (const index of [this.#users, this.#jobs]) {
      for (const [key, found] of index) {
        for (const [socketId, expiresAt] of found) if (expiresAt <= now) found.delete(socketId);
        if (found.size === 0) index.delete(key);
      }
    }
  }
}

function members(index: Map<string, Members>, key: string): Members {
  let found = index.get(key);
  if (!found) {
    found = new Map();
    index.set(key, found);
  }
  return found;
}

function drop(index: Map<string, Members>, key: string, socketId: string): void {
  const found = index.get(key);
  if (!found) return;
  found.delete(socketId);
  if (found.size === 0) index.delete(key);
}
