import { WS_CLOSE_CODES, WS_TERMINAL_CLOSE_CODES, WS_TOKEN_PARAM } from '@jobtrack/contracts/ws-constants';
import type {
  ClientFrameInput,
  ConnectedFrame,
  EventFrame,
  ServerFrame,
  SubscribedFrame,
} from '@jobtrack/contracts/ws-protocol';
import { Backoff } from './backoff.ts';
import { jobtrackError } from './errors.ts';
import type { JobWatchState, WatchEnd } from './job-watch.ts';
import type { Transport, TransportHooks } from './transport.ts';
import type { ReconnectOptions, WebSocketConstructorLike, WebSocketLike } from './types.ts';
import { SilenceWatchdog } from './watchdog.ts';

/** A handshake that produced no `connected` frame by then is treated as dead (a blackholed connect can hang minutes). */
const CONNECT_TIMEOUT_MS = 10_000;
/** A connection that lived this long was healthy: the next drop starts the backoff from its first step again. */
const HEALTHY_AFTER_MS = 5_000;
/** `close()` waits this long at most for the closing handshake of a socket that may be dead. */
const CLOSE_WAIT_MS = 1_000;
const RATE_LIMIT_RETRY_MS = 1_000;
const REFRESH_LEAD_MS = 30_000;
/** setTimeout fires at once for delays beyond a signed 32-bit millisecond count. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const OPEN = 1;
const CLOSING = 2;

export interface WebSocketTransportOptions {
  url: string;
  token: () => string | Promise<string>;
  WebSocket: WebSocketConstructorLike;
  reconnect: ReconnectOptions;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * One WebSocket for every watch of a client: connects when needed, heartbeats with ping frames, refreshes the
 * token before it expires, and after any drop reconnects with backoff and resubscribes each watch from its last
 * seq, so the server replays what was missed.
 */
export class WebSocketTransport implements Transport {
  readonly #options: WebSocketTransportOptions;
  readonly #hooks: TransportHooks;
  readonly #backoff: Backoff;
  readonly #watches = new Map<string, JobWatchState>();
  readonly #watchdog = new SilenceWatchdog(() => this.#abandon('no frame or pong within two ping intervals'));
  readonly #retryTimers = new Set<Timer>();
  #socket: WebSocketLike | undefined;
  /** The `connected` frame arrived on the current socket: subscribes may go out. */
  #connected = false;
  #everConnected = false;
  #connectedAt = 0;
  #expiresAt = 0;
  #tokenPending = false;
  #closed = false;
  #reconnectTimer: Timer | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #refreshTimer: Timer | undefined;

  constructor(options: WebSocketTransportOptions, hooks: TransportHooks) {
    this.#options = options;
    this.#hooks = hooks;
    this.#backoff = new Backoff(options.reconnect);
  }

  add(watch: JobWatchState): void {
    this.#watches.set(watch.jobId, watch);
    if (this.#connected) this.#subscribe(watch);
    else this.#ensureConnecting();
  }

  remove(watch: JobWatchState, reason: WatchEnd): void {
    if (this.#watches.get(watch.jobId) !== watch) return;
    this.#watches.delete(watch.jobId);
    // After an error frame the server holds no subscription to drop; otherwise free the slot it counts.
    if (reason !== 'failed' && this.#connected) this.#send({ type: 'unsubscribe', jobId: watch.jobId });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#teardown();
    this.#watches.clear();
    if (!socket || socket.readyState >= CLOSING) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_WAIT_MS);
      socket.addEventListener('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(1000, 'client closed');
    });
  }

  #ensureConnecting(): void {
    if (this.#closed || this.#socket || this.#tokenPending || this.#reconnectTimer !== undefined) return;
    void this.#connect();
  }

  async #connect(): Promise<void> {
    this.#reconnectTimer = undefined;
    this.#hooks.setState(this.#everConnected ? 'reconnecting' : 'connecting');
    this.#tokenPending = true;
    let token: string;
    try {
      token = await this.#options.token();
    } catch (error) {
      this.#hooks.logger.warn('jobtrack: the token provider failed; retrying', error);
      this.#tokenPending = false;
      this.#scheduleReconnect(this.#backoff.next());
      return;
    }
    this.#tokenPending = false;
    if (this.#closed) return;
    let socket: WebSocketLike;
    try {
      socket = new this.#options.WebSocket(urlWithToken(this.#options.url, token));
    } catch (error) {
      // A URL the WebSocket constructor rejects does not get better by retrying.
      this.#hooks.fatal(jobtrackError('BAD_URL', `cannot open a WebSocket to ${this.#options.url}`, error));
      return;
    }
    this.#socket = socket;
    this.#watchdog.start(CONNECT_TIMEOUT_MS);
    socket.addEventListener('message', (event) => {
      if (this.#socket === socket) this.#onMessage(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.#socket === socket) this.#onClose(event.code, event.reason);
    });
    // The close event that follows carries what is known; the `ws` package throws on an unheard error.
    socket.addEventListener('error', () => this.#hooks.logger.debug('jobtrack: WebSocket error'));
  }

  #onMessage(data: unknown): void {
    this.#watchdog.heard();
    const frame = parseFrame(data);
    if (!frame) {
      this.#hooks.logger.warn('jobtrack: ignored a frame that is not a protocol object');
      return;
    }
    switch (frame.type) {
      case 'connected':
        this.#onConnected(frame);
        break;
      case 'subscribed':
        this.#onSubscribed(frame);
        break;
      case 'event':
        this.#onEvent(frame);
        break;
      case 'refreshed':
        this.#scheduleRefresh(frame.expiresAt);
        break;
      case 'error':
        this.#onError(frame);
        break;
    }
  }

  #onConnected(frame: ConnectedFrame): void {
    this.#connected = true;
    this.#everConnected = true;
    this.#connectedAt = Date.now();
    this.#expiresAt = 0;
    if (frame.pingIntervalMs > 0) {
      this.#watchdog.start(2 * frame.pingIntervalMs);
      this.#pingTimer = setInterval(() => this.#send({ type: 'ping' }), frame.pingIntervalMs);
    } else {
      this.#watchdog.stop();
    }
    this.#scheduleRefresh(frame.expiresAt);
    this.#hooks.setState('open');
    for (const watch of this.#watches.values()) this.#subscribe(watch);
  }

  #subscribe(watch: JobWatchState): void {
    // Without `since` the server starts at the current state; with it, even 0, it replays the history after it.
    const from = watch.resumeFrom;
    const since = from === undefined ? {} : { since: from };
    this.#send({ type: 'subscribe', jobId: watch.jobId, level: watch.level, ...since });
  }

  #onSubscribed(frame: SubscribedFrame): void {
    if (!('jobId' in frame) || frame.recovered === undefined) return;
    this.#watches.get(frame.jobId)?.resumed(frame.recovered);
  }

  #onEvent(frame: EventFrame): void {
    const { type: _type, ...update } = frame;
    this.#watches.get(update.jobId)?.deliver(update);
  }

  #onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const error = jobtrackError(frame.code, frame.message);
    if (frame.jobId === undefined) {
      this.#hooks.reportError(error);
      return;
    }
    const watch = this.#watches.get(frame.jobId);
    if (!watch) return;
    // Resubscribing many watches at once after a reconnect can outrun the server's frame rate: try again later.
    if (frame.code === 'RATE_LIMITED') this.#retrySubscribe(watch);
    else watch.fail(error);
  }

  #retrySubscribe(watch: JobWatchState): void {
    const socket = this.#socket;
    const timer = setTimeout(
      () => {
        this.#retryTimers.delete(timer);
        const current = this.#socket === socket && this.#connected;
        if (current && this.#watches.get(watch.jobId) === watch) this.#subscribe(watch);
      },
      RATE_LIMIT_RETRY_MS * (1 + Math.random()),
    );
    this.#retryTimers.add(timer);
  }

  #scheduleRefresh(expiresAt: number): void {
    // A provider that hands back the same token would otherwise make this a tight loop; the socket then expires
    // with 4002 and the reconnect asks the provider again.
    if (expiresAt <= this.#expiresAt) return;
    this.#expiresAt = expiresAt;
    clearTimeout(this.#refreshTimer);
    const remainingMs = expiresAt * 1000 - Date.now();
    const leadMs = Math.min(REFRESH_LEAD_MS, remainingMs / 10);
    const socket = this.#socket;
    this.#refreshTimer = setTimeout(
      () => void this.#refresh(socket),
      Math.min(MAX_TIMER_MS, Math.max(0, remainingMs - leadMs)),
    );
  }

  async #refresh(socket: WebSocketLike | undefined): Promise<void> {
    let token: string;
    try {
      token = await this.#options.token();
    } catch (error) {
      this.#hooks.logger.warn('jobtrack: the token provider failed; the connection will expire', error);
      return;
    }
    if (this.#socket === socket && this.#connected) this.#send({ type: 'refresh', token });
  }

  #onClose(code: number, reason: string): void {
    const healthy = this.#connected && Date.now() - this.#connectedAt >= HEALTHY_AFTER_MS;
    this.#teardown();
    if (this.#closed) return;
    if (WS_TERMINAL_CLOSE_CODES.has(code)) {
      const why = reason ? ` (${reason})` : '';
      this.#hooks.fatal(
        jobtrackError(
          `CLOSED_${code}`,
          `the server closed the connection with code ${code}${why}; not reconnecting with the same token`,
        ),
      );
      return;
    }
    this.#hooks.logger.debug('jobtrack: connection closed', code, reason);
    if (healthy) this.#backoff.reset();
    if (this.#watches.size === 0) {
      this.#hooks.setState('idle');
      return;
    }
    // An expired token is fixed by the provider's next one, which the reconnect asks for: no reason to wait.
    this.#scheduleReconnect(code === WS_CLOSE_CODES.tokenExpired ? 0 : this.#backoff.next());
  }

  /** A connection gone silent may never deliver its close event: drop it and reconnect now. */
  #abandon(reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#hooks.logger.warn(`jobtrack: ${reason}; reconnecting`);
    this.#onClose(1006, reason);
    try {
      socket.close(4000, reason);
    } catch (error) {
      this.#hooks.logger.debug('jobtrack: closing a dead socket failed', error);
    }
  }

  #scheduleReconnect(delayMs: number): void {
    if (this.#closed) return;
    this.#hooks.setState('reconnecting');
    this.#reconnectTimer = setTimeout(() => void this.#connect(), delayMs);
  }

  #teardown(): void {
    this.#socket = undefined;
    this.#connected = false;
    this.#watchdog.stop();
    clearInterval(this.#pingTimer);
    clearTimeout(this.#refreshTimer);
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
  }

  #send(frame: ClientFrameInput): void {
    // Browsers throw on a send before the socket is open; frames only go out after `connected` anyway.
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(frame));
  }
}

function urlWithToken(url: string, token: string): string {
  // A relative URL such as '/ws' is resolved against the page in a browser.
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const target = new URL(url, base);
  target.searchParams.set(WS_TOKEN_PARAM, token);
  return target.toString();
}

function parseFrame(data: unknown): ServerFrame | undefined {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof ArrayBuffer) text = new TextDecoder().decode(data);
  else if (ArrayBuffer.isView(data)) {
    text = new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } else return undefined;
  try {
    const frame: unknown = JSON.parse(text);
    const typed =
      typeof frame === 'object' && frame !== null && typeof (frame as { type?: unknown }).type === 'string';
    return typed ? (frame as ServerFrame) : undefined;
  } catch {
    return undefined;
  }
}
