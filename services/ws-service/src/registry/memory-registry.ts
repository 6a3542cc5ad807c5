import type { RegisteredSocket, SocketRegistry } from './port.ts';

/** The registry of one process, for the embedded mode; expires entries exactly as the Redis adapter does. */
export class MemorySocketRegistry implements SocketRegistry {
  readonly ttlMs: number;
  readonly #now: () => number;
  /** user → socket id → expiry, like the scores of the Redis sorted sets. */
  readonly #users = new Map<string, Map<string, number>>();

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  async register(socket: RegisteredSocket): Promise<void> {
    this.#put(socket);
  }

  async remove({ socketId, user }: RegisteredSocket): Promise<void> {
    const sockets = this.#users.get(user);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.#users.delete(user);
  }

  async socketsOfUser(user: string): Promise<string[]> {
    const now = this.#now();
    return [...(this.#users.get(user) ?? [])]
      .filter(([, expiresAt]) => expiresAt > now)
      .map(([socketId]) => socketId);
  }

  async refresh(sockets: readonly RegisteredSocket[]): Promise<void> {
    for (const socket of sockets) this.#put(socket);
    this.#sweep();
  }

  #put({ socketId, user }: RegisteredSocket): void {
    let sockets = this.#users.get(user);
    if (!sockets) {
      sockets = new Map();
      this.#users.set(user, sockets);
    }
    sockets.set(socketId, this.#now() + this.ttlMs);
  }

  /** Drops what expired, so entries of sockets nobody removed do not pile up. */
  #sweep(): void {
    const now = this.#now();
    for (const [user, sockets] of this.#users) {
      for (const [socketId, expiresAt] of sockets) if (expiresAt <= now) sockets.delete(socketId);
      if (sockets.size === 0) this.#users.delete(user);
    }
  }
}
