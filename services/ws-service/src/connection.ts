import { type ClientFrame, type ServerFrame, WS_CLOSE_CODES, type WsErrorCode } from '@jobtrack/contracts';
import { AuthError, errorsTotal, type Logger, type Principal, type TokenVerifier } from '@jobtrack/platform';
import type { RawData, WebSocket } from 'ws';
import { FrameBudget } from './frame-budget.ts';
import { parseClientFrame, serializeFrame } from './frames.ts';
import type { HubMember } from './hub.ts';
import type { JobLookup } from './job-lookup/port.ts';
import type { OutgoingEvent } from './job-stream.ts';
import { countEventSent, wsDisconnects, wsFramesRejected, wsMessagesSent } from './metrics.ts';
import type { RegisteredSocket, SocketRegistry } from './registry/port.ts';
import { type SubscriptionHost, Subscriptions } from './subscriptions.ts';

/** What every connection of a replica shares. */
export interface ConnectionContext {
  jobs: JobLookup;
  registry: SocketRegistry;
  verifier: TokenVerifier;
  logger: Logger;
  hub: {
    /** Resolves once the user's events reach this replica. */
    add(member: Connection): Promise<void>;
    watchJob(jobId: string, member: Connection): void;
    unwatchJob(jobId: string, member: Connection): void;
    watchAll(member: Connection): void;
    unwatchAll(member: Connection): void;
  };
  limits: ConnectionLimits;
  /** Called once the socket is announced to its client. */
  onOpen(connection: Connection): void;
  /** Called once the socket has closed, before its registry entries are removed. */
  onClose(connection: Connection, reason: DisconnectReason, code: number): void;
}

export interface ConnectionLimits {
  maxBufferedBytes: number;
  maxSubscriptions: number;
  maxPayloadBytes: number;
  pingIntervalMs: number;
  messageRate: number;
  messageBurst: number;
  /** Frames answered with an error within a minute before the socket is closed for a policy violation. */
  maxViolations: number;
  /** How long a socket being closed by the server may take to finish the closing handshake. */
  closeTimeoutMs: number;
}

export type DisconnectReason =
  | 'client_closed'
  | 'slow_consumer'
  | 'token_expired'
  | 'ping_timeout'
  | 'policy_violation'
  | 'auth_failed'
  | 'shutdown';

/** setTimeout's ceiling (about 24.8 days); a later expiry re-arms the timer when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Frames are JSON text, also when handed over as the bytes encoded once per event. */
const AS_TEXT = { binary: false } as const;

/**
 * One authenticated socket: what it sends (parsed, rate-limited, answered), its subscriptions, what it is
 * sent (bounded by the bytes queued for it), its heartbeat and its token's expiry. Kept lean: a replica holds
 * tens of thousands of these, so per-socket state is a few fields and one timer.
 */
export class Connection implements HubMember, SubscriptionHost {
  readonly id: string;
  readonly user: string;
  readonly connectedAt = Date.now();
  /** Resolves once the socket has closed and its registry entries are gone. */
  readonly closed: Promise<void>;
  readonly #context: ConnectionContext;
  readonly #socket: WebSocket;
  readonly #subscriptions: Subscriptions;
  readonly #budget: FrameBudget;
  /** Settles once the replica receives the user's events: frames are acted on only then. */
  readonly #ready: Promise<void>;
  /** Registry writes of this socket, in order, so a remove never overtakes the register it undoes. */
  #registryWrites: Promise<void> = Promise.resolve();
  #expiresAt: number;
  #expiryTimer: NodeJS.Timeout | undefined;
  #alive = true;
  #closeReason: DisconnectReason | undefined;

  constructor(socket: WebSocket, id: string, principal: Principal, context: ConnectionContext) {
    this.#context = context;
    this.#socket = socket;
    this.id = id;
    this.user = principal.subject;
    this.#expiresAt = principal.expiresAt;
    this.#budget = new FrameBudget({
      rate: context.limits.messageRate,
      burst: context.limits.messageBurst,
      maxViolations: context.limits.maxViolations,
      now: this.connectedAt,
    });
    this.#subscriptions = new Subscriptions(this);
    this.#writeRegistry((registry) => registry.register(this.registered()));
    this.#armExpiry();
    this.#ready = context.hub.add(this);
    this.#ready.then(
      () => {
        // A socket that closed while the replica joined its user's channel is never announced.
        if (this.#closeReason) return;
        this.#welcome();
        context.onOpen(this);
      },
      (error: unknown) => {
        context.logger.error({ err: error, user: this.user }, "cannot receive the user's events; closing");
        this.terminate();
      },
    );
    socket.on('pong', () => {
      this.#alive = true;
    });
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on('error', (error) => context.logger.debug({ err: error, socketId: id }, 'socket error'));
    this.closed = new Promise((resolve) => {
      socket.once('close', (code) => {
        const reason = this.#closeReason ?? 'client_closed';
        this.#closeReason = reason;
        clearTimeout(this.#expiryTimer);
        this.#subscriptions.clear();
        context.onClose(this, reason, code);
        this.#writeRegistry((registry) => registry.remove(this.registered()));
        void this.#registryWrites.then(resolve);
      });
    });
  }

  /** Announces the connection; sent once the replica receives the user's events. */
  #welcome(): void {
    const { limits } = this.#context;
    this.send({
      type: 'connected',
      connectionId: this.id,
      user: this.user,
      expiresAt: this.#expiresAt,
      pingIntervalMs: limits.pingIntervalMs,
      maxSubscriptions: limits.maxSubscriptions,
      maxPayloadBytes: limits.maxPayloadBytes,
    });
  }

  /** This socket as the registry counts it, and as its heartbeat re-asserts it. */
  registered(): RegisteredSocket {
    return { socketId: this.id, user: this.user };
  }

  deliver(event: OutgoingEvent): void {
    this.#subscriptions.deliver(event);
  }

  resync(): void {
    this.#subscriptions.resync();
  }

  get jobs(): JobLookup {
    return this.#context.jobs;
  }

  get maxSubscriptions(): number {
    return this.#context.limits.maxSubscriptions;
  }

  open(): boolean {
    return this.#closeReason === undefined;
  }

  send(frame: ServerFrame): void {
    if (this.#sendText(serializeFrame(frame))) wsMessagesSent.inc({ type: frame.type });
  }

  sendEvent(event: OutgoingEvent): void {
    if (this.#sendText(event.data)) countEventSent();
  }

  reject(code: WsErrorCode, message: string, jobId?: string): void {
    wsFramesRejected.inc({ reason: code });
    this.send({ type: 'error', code, message, ...(jobId ? { jobId } : {}) });
    if (this.#budget.violate(Date.now())) {
      this.close(WS_CLOSE_CODES.policyViolation, 'policy_violation', 'too many invalid frames');
    }
  }

  watchJob(jobId: string): void {
    this.#context.hub.watchJob(jobId, this);
  }

  unwatchJob(jobId: string): void {
    this.#context.hub.unwatchJob(jobId, this);
  }

  watchAll(): void {
    this.#context.hub.watchAll(this);
  }

  unwatchAll(): void {
    this.#context.hub.unwatchAll(this);
  }

  /** Called every ping interval: a socket that did not answer the previous ping is gone. */
  heartbeat(): void {
    if (this.#closeReason) return;
    if (!this.#alive) {
      this.#closeReason = 'ping_timeout';
      wsDisconnects.inc({ reason: 'ping_timeout' });
      this.#socket.terminate();
      return;
    }
    this.#alive = false;
    this.#socket.ping();
  }

  close(code: number, reason: DisconnectReason, text: string): void {
    if (this.#closeReason) return;
    this.#closeReason = reason;
    wsDisconnects.inc({ reason });
    this.#context.logger.info({ socketId: this.id, user: this.user, code, reason }, 'closing socket');
    this.#socket.close(code, text);
    // A client that does not read will not read the close frame either; it does not get to keep the socket.
    setTimeout(() => this.#socket.terminate(), this.#context.limits.closeTimeoutMs).unref();
  }

  /** Drops the socket without a closing handshake. */
  terminate(): void {
    this.#closeReason ??= 'shutdown';
    this.#socket.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closeReason) return;
    if (!this.#budget.take(Date.now())) {
      this.reject('RATE_LIMITED', `at most ${this.#context.limits.messageRate} frames per second`);
      return;
    }
    if (isBinary) {
      this.reject('BAD_FRAME', 'binary frames are not supported; send JSON text');
      return;
    }
    const parsed = parseClientFrame((data as Buffer).toString('utf8'));
    if (!parsed.ok) {
      this.reject(parsed.code, parsed.message);
      return;
    }
    this.#handle(parsed.frame).catch((error: unknown) => {
      const jobId = 'jobId' in parsed.frame ? parsed.frame.jobId : undefined;
      this.#context.logger.error({ err: error, socketId: this.id, jobId }, `${parsed.frame.type} failed`);
      errorsTotal.inc({ component: 'ws-service', kind: `${parsed.frame.type}_failed` });
      this.send({ type: 'error', code: 'INTERNAL', message: 'the request failed; try again', jobId });
    });
  }

  async #handle(frame: ClientFrame): Promise<void> {
    await this.#ready;
    switch (frame.type) {
      case 'subscribe':
        if ('jobId' in frame) await this.#subscriptions.subscribeJob(frame);
        else await this.#subscriptions.subscribeAll(frame);
        return;
      case 'unsubscribe':
        if ('jobId' in frame) this.#subscriptions.unsubscribeJob(frame.jobId);
        else this.#subscriptions.unsubscribeAll();
        return;
      case 'refresh':
        await this.#refresh(frame.token);
        return;
      case 'ping':
        this.send({ type: 'pong', ...(frame.id === undefined ? {} : { id: frame.id }) });
        return;
    }
  }

  /** A fresh token extends the socket's life; one for another user ends it, as a stolen socket would. */
  async #refresh(token: string): Promise<void> {
    let principal: Principal;
    try {
      principal = await this.#context.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      this.reject('TOKEN_INVALID', error.message);
      return;
    }
    if (principal.subject !== this.user) {
      this.close(WS_CLOSE_CODES.authFailed, 'auth_failed', 'token for another user');
      return;
    }
    this.#expiresAt = principal.expiresAt;
    clearTimeout(this.#expiryTimer);
    this.#armExpiry();
    this.send({ type: 'refreshed', expiresAt: this.#expiresAt });
  }

  /** A client that lets its send queue grow past the limit is cut off; it catches up by reconnecting. */
  #sendText(text: string | Buffer): boolean {
    if (this.#closeReason) return false;
    if (this.#socket.bufferedAmount > this.#context.limits.maxBufferedBytes) {
      this.close(WS_CLOSE_CODES.slowConsumer, 'slow_consumer', 'slow consumer');
      return false;
    }
    this.#socket.send(text, AS_TEXT);
    return true;
  }

  #armExpiry(): void {
    const remaining = this.#expiresAt * 1000 - Date.now();
    this.#expiryTimer = setTimeout(
      () => {
        if (remaining > MAX_TIMER_MS) this.#armExpiry();
        else this.close(WS_CLOSE_CODES.tokenExpired, 'token_expired', 'token expired');
      },
      Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
    );
    this.#expiryTimer.unref();
  }

  #writeRegistry(write: (registry: SocketRegistry) => Promise<void>): void {
    this.#registryWrites = this.#registryWrites
      .then(() => write(this.#context.registry))
      .catch((error: unknown) => {
        errorsTotal.inc({ component: 'ws-registry', kind: 'write_failed' });
        this.#context.logger.warn(
          { err: error, socketId: this.id },
          'socket registry write failed; the next heartbeat repairs it',
        );
      });
  }
}
