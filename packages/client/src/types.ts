import type { EventFrame, SubscriptionLevel } from '@jobtrack/contracts/ws-protocol';

/** One update of a job: the whole job state at `seq`, as the WebSocket event frame and the SSE stream carry it. */
export type JobUpdate = Omit<EventFrame, 'type'>;

export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WebSocketMessageLike {
  data: unknown;
}

export interface WebSocketCloseLike {
  code: number;
  reason: string;
}

/**
 * The part of the WHATWG WebSocket the SDK uses, so the browser's, Node's global one and the `ws` package all fit.
 * Methods rather than function-typed properties, so implementations with richer event types still match.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: WebSocketMessageLike) => void): void;
  addEventListener(type: 'close', listener: (event: WebSocketCloseLike) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

export interface ReconnectOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  multiplier?: number;
  /** Fraction of each delay that is randomised, so clients dropped together do not come back together. */
  jitter?: number;
}

export interface ClientLogger {
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

export interface JobtrackClientOptions {
  /** e.g. wss://host/ws */
  wsUrl: string;
  /** Base URL of the REST gateway, for the SSE fallback. */
  gatewayUrl?: string;
  /** Called on every (re)connect and before expiry (refresh frame). */
  token: () => string | Promise<string>;
  /** Default auto: websocket, sse when WebSocket is unavailable. */
  transport?: 'auto' | 'websocket' | 'sse';
  /** Default globalThis.WebSocket (browsers, Node 22+). */
  WebSocket?: WebSocketConstructorLike;
  /** Default globalThis.fetch (used by the SSE fallback). */
  fetch?: typeof fetch;
  reconnect?: ReconnectOptions;
  logger?: ClientLogger;
}

export interface WatchOptions {
  level?: SubscriptionLevel;
  /** The last seq already seen: only later updates are delivered. */
  since?: number;
  onUpdate?: (update: JobUpdate) => void;
}

export interface JobWatch extends AsyncIterable<JobUpdate> {
  readonly jobId: string;
  /** Highest seq delivered. */
  readonly lastSeq: number;
  /** Resolves with the terminal update (rejects if closed before). */
  readonly done: Promise<JobUpdate>;
  on(event: 'update', listener: (update: JobUpdate) => void): () => void;
  /** After each resume: true when every missed update followed, false when history no longer covered the gap. */
  on(event: 'recovered', listener: (recovered: boolean) => void): () => void;
  /** Unsubscribes and ends the iterator. */
  close(): void;
}
