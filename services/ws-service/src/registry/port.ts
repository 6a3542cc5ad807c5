/**
 * How many sockets each user holds across all ws-service replicas: what enforces WS_MAX_CONNECTIONS_PER_USER at
 * the upgrade. Routing never reads it, since each replica knows its own sockets.
 *
 * Every entry lives under a TTL that the owning replica renews with `refresh`, its heartbeat; a replica that dies
 * without cleaning up stops counting against its users once the TTL passes, and no lookup returns an expired one.
 * Two adapters: Redis (shared by replicas) and in-memory (the embedded mode); both pass one contract suite.
 */

/**
 * How long an entry outlives its replica's last heartbeat (sent every third of this), and so how long a dead
 * replica's sockets still count against their user's connection limit.
 */
export const SOCKET_REGISTRY_TTL_MS = 60_000;

/** A live socket, as the registry counts it. */
export interface RegisteredSocket {
  socketId: string;
  user: string;
}

export interface SocketRegistry {
  /** How long an entry survives without a refresh; the owning replica refreshes well within it. */
  readonly ttlMs: number;
  register(socket: RegisteredSocket): Promise<void>;
  remove(socket: RegisteredSocket): Promise<void>;
  /** The user's live sockets on every replica. */
  socketsOfUser(user: string): Promise<string[]>;
  /** Renews these sockets' entries; it writes them whole, so entries lost to a Redis restart come back. */
  refresh(sockets: readonly RegisteredSocket[]): Promise<void>;
}
