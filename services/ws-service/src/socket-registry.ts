/**
 * Which sockets are connected where: socket → {user, instance}, user → sockets, job → sockets. Shared by all
 * ws-service replicas (in Redis) so that a later fan-out can route an update to the replicas holding its sockets.
 *
 * Every entry and every membership lives under a TTL that the owning instance renews with `refresh`, its
 * heartbeat; when an instance dies without cleaning up, its entries vanish once the TTL passes, and lookups
 * never return an expired one.
 */
/**
 * How long an entry outlives its instance's last heartbeat (sent every third of this), and so how long a dead
 * replica's sockets still count against their user's connection limit.
 */
export const SOCKET_REGISTRY_TTL_MS = 60_000;

export interface SocketEntry {
  socketId: string;
  user: string;
  instance: string;
  /** Epoch milliseconds. */
  connectedAt: number;
}

/** What an instance knows about one of its live sockets, re-asserted on each heartbeat. */
export interface SocketState extends SocketEntry {
  jobIds: readonly string[];
}

export interface SocketRegistry {
  /** How long an entry survives without a refresh; the owning instance refreshes well within it. */
  readonly ttlMs: number;
  register(entry: SocketEntry): Promise<void>;
  subscribe(socketId: string, jobId: string): Promise<void>;
  unsubscribe(socketId: string, jobId: string): Promise<void>;
  /** Forgets the socket and all its subscriptions. */
  remove(socketId: string): Promise<void>;
  socket(socketId: string): Promise<SocketEntry | undefined>;
  socketsOfJob(jobId: string): Promise<string[]>;
  socketsOfUser(user: string): Promise<string[]>;
  /**
   * Renews the TTL of these sockets and their memberships. It writes the whole state rather than only
   * extending expiries, so entries lost to a Redis restart come back with the next heartbeat.
   */
  refresh(sockets: readonly SocketState[]): Promise<void>;
}
