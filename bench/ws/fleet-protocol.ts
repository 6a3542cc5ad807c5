/** How the bench drives the process that holds the client sockets (bench/ws/client-fleet.ts), over Node IPC. */

export interface ConnectOptions {
  url: string;
  /** One entry per socket: the bearer token it connects with (none for the raw baseline). */
  tokens: ReadonlyArray<string | undefined>;
  /**
   * `jobtrack`: wait for the `connected` frame, send `subscribe`, wait for `subscribed` (the ws-service protocol).
   * `raw`: send `subscribe` once open and count the socket as ready (the baseline server ignores it).
   */
  handshake: 'jobtrack' | 'raw';
  /** The frame each socket sends once connected. */
  subscribe: string;
  /** Handshakes in flight at once. */
  concurrency: number;
  /** A socket not ready after this long counts as failed. */
  timeoutMs: number;
}

export interface ConnectResult {
  ready: number;
  failed: number;
  /** Why sockets failed, by reason (an HTTP status, an error frame's code, a close code, a timeout). */
  failures: Record<string, number>;
  ms: number;
}

export interface CountSnapshot {
  frames: number;
  /** Stamped event frames received since the latency run started (0 outside one). */
  stamped: number;
  /** The fleet's epochMs() when read. */
  at: number;
}

export interface LatencyResult {
  /** Receipt minus the publish time carried by the frame, ms, one per stamped event frame. */
  samplesMs: Float64Array;
  /** The publish time each sample's frame carried (epoch ms), in the same order. */
  sentAt: Float64Array;
  /** Event frames without a stamp (e.g. the events of a job's other steps). */
  unstamped: number;
  /** Per socket and job: events whose seq was not above the last one seen, and seq gaps. */
  outOfOrder: number;
  gaps: number;
  /** epochMs() of the first and last stamped frame received; 0 when none came. */
  firstAt: number;
  lastAt: number;
}

export interface FleetStats {
  open: number;
  /** Sockets the server closed, by close code, since the last close-all. */
  closes: Record<string, number>;
}

export type FleetRequest =
  | { op: 'connect'; options: ConnectOptions }
  | { op: 'count-start' }
  | { op: 'count-peek' }
  | { op: 'latency-start' }
  | { op: 'latency-stop' }
  | { op: 'close-all'; timeoutMs: number }
  | { op: 'stats' };

export interface FleetResults {
  connect: ConnectResult;
  'count-start': CountSnapshot;
  'count-peek': CountSnapshot;
  'latency-start': null;
  'latency-stop': LatencyResult;
  'close-all': { closed: number; ms: number };
  stats: FleetStats;
}

export type FleetMessage = { id: number; request: FleetRequest };
export type FleetReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
