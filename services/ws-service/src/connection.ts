import {
  type ServerFrame,
  type SubscriptionLevel,
  WS_CLOSE_CODES,
  type WsErrorCode,
} from '@jobtrack/contracts';
import { errorsTotal, type Logger } from '@jobtrack/platform';
import type { RawData, WebSocket } from 'ws';
import { eventFromJob, type OutgoingEvent, parseClientFrame, serializeFrame } from './frames.ts';
import type { JobLookup } from './job-lookup.ts';
import type { LocalIndex } from './local-index.ts';
import { wsConnections, wsDisconnects, wsFramesRejected, wsMessagesSent } from './metrics.ts';
import type { SocketRegistry, SocketState } from './socket-registry.ts';
import { Subscription } from './subscription.ts';

export interface ConnectionOptions {
  socket: WebSocket;
  id: string;
  user: string;
  /** When the socket's token expires, in epoch seconds. */
  expiresAt: number;
  instance: string;
  jobs: JobLookup;
  index: LocalIndex<Connection>;
  registry: SocketRegistry;
  logger: Logger;
  maxBufferedBytes: number;
  maxSubscriptions: number;
  /** Called as soon as the socket has closed, before its registry entries are removed. */
  onClose(connection: Connection): void;
}

export type DisconnectReason = 'slow_consumer' | 'token_expired' | 'ping_timeout' | 'shutdown';

/** setTimeout's ceiling (about 24.8 days); a later expiry re-arms the timer when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One authenticated socket: its frames, its subscriptions, and what it is sent. */
export class Connection {
  readonly id: string;
  readonly user: string;
  /** Resolves once the socket has closed and its registry entries are gone. */
  readonly closed: Promise<void>;
  readonly #options: ConnectionOptions;
  readonly #socket: WebSocket;
  readonly #log: Logger;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #connectedAt = Date.now();
  /** Registry writes of this socket, in order, so a remove never overtakes the register it undoes. */
  #registryWrites: Promise<void> = Promise.resolve();
  #expiryTimer: NodeJS.Timeout | undefined;
  #alive = true;
  #closing = false;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#socket = options.socket;
    this.id = options.id;
    this.user = options.user;
    this.#log = options.logger.child({ socketId: options.id, user: options.user });
    wsConnections.inc();
    this.#writeRegistry((registry) =>
      registry.register({
        socketId: this.id,
        user: this.user,
        instance: options.instance,
        connectedAt: this.#connectedAt,
      }),
    );
    this.#armExpiry();
    this.#socket.on('pong', () => {
      this.#alive = true;
    });
    this.#socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#socket.on('error', (error) => this.#log.debug({ err: error }, 'socket error'));
    this.closed = new Promise((resolve) => {
      this.#socket.once('close', (code) => {
        this.#log.debug({ code }, 'socket closed');
        this.#cleanUp();
        void this.#registryWrites.then(resolve);
      });
    });
  }

  /** What the registry heartbeat re-asserts for this socket. */
  state(): SocketState {
    return {
      socketId: this.id,
      user: this.user,
      instance: this.#options.instance,
      connectedAt: this.#connectedAt,
      jobIds: [...this.#subscriptions.keys()],
    };
  }

  /** A live update of one of this user's jobs. */
  deliver(event: OutgoingEvent): void {
    const subscription = this.#subscriptions.get(event.jobId);
    if (!subscription || subscription.hold(event)) return;
    this.#offer(subscription, event);
  }

  /** Called every ping interval: a socket that did not answer the previous ping is gone. */
  heartbeat(): void {
    if (this.#closing) return;
    if (!this.#alive) {
      this.#log.info('no pong since the last ping, terminating');
      wsDisconnects.inc({ reason: 'ping_timeout' });
      this.#closing = true;
      this.#socket.terminate();
      return;
    }
    this.#alive = false;
    this.#socket.ping();
  }

  close(code: number, reason: DisconnectReason, text: string): void {
    if (this.#closing) return;
    this.#closing = true;
    wsDisconnects.inc({ reason });
    this.#socket.close(code, text);
  }

  /** Drops the socket without a closing handshake, for one that did not finish closing in time. */
  terminate(): void {
    this.#closing = true;
    this.#socket.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closing) return;
    if (isBinary) {
      this.#reject('BAD_FRAME', 'binary frames are not supported; send JSON text');
      return;
    }
    const parsed = parseClientFrame((data as Buffer).toString('utf8'));
    if (!parsed.ok) {
      this.#reject(parsed.code, parsed.message);
      return;
    }
    const { frame } = parsed;
    if (frame.type === 'unsubscribe') {
      this.#unsubscribe(frame.jobId);
      return;
    }
    this.#subscribe(frame.jobId, frame.level).catch((error: unknown) => {
      this.#log.error({ err: error, jobId: frame.jobId }, 'subscribe failed');
      this.#reject('INTERNAL', 'the subscription failed; try again', frame.jobId);
    });
  }

  async #subscribe(jobId: string, level: SubscriptionLevel): Promise<void> {
    const existing = this.#subscriptions.get(jobId);
    if (existing) {
      // A repeated subscribe changes the level; one still pending gets its single reply when the check ends.
      existing.level = level;
      if (!existing.pending) this.#send({ type: 'subscribed', jobId, level });
      return;
    }
    if (this.#subscriptions.size >= this.#options.maxSubscriptions) {
      this.#reject(
        'TOO_MANY_SUBSCRIPTIONS',
        `at most ${this.#options.maxSubscriptions} subscriptions per connection`,
        jobId,
      );
      return;
    }
    const subscription = new Subscription(level);
    // Indexed before the ownership check so that updates arriving during it are held, not lost.
    this.#subscriptions.set(jobId, subscription);
    this.#options.index.add(jobId, this);
    let job: Awaited<ReturnType<JobLookup['get']>>;
    try {
      job = await this.#options.jobs.get(jobId, this.user);
    } catch (error) {
      if (this.#subscriptions.get(jobId) === subscription) this.#forget(jobId);
      throw error;
    }
    if (this.#closing || this.#subscriptions.get(jobId) !== subscription) return;
    if (!job || job.owner !== this.user) {
      this.#forget(jobId);
      this.#reject('NOT_FOUND', 'no such job', jobId);
      return;
    }
    this.#send({ type: 'subscribed', jobId, level: subscription.level });
    const held = subscription.activate();
    const snapshot = eventFromJob(job);
    if (snapshot && snapshot.seq > 0) this.#offer(subscription, snapshot);
    for (const event of held) this.#offer(subscription, event);
    this.#writeRegistry((registry) => registry.subscribe(this.id, jobId));
  }

  #unsubscribe(jobId: string): void {
    if (this.#subscriptions.has(jobId)) {
      this.#forget(jobId);
      this.#writeRegistry((registry) => registry.unsubscribe(this.id, jobId));
    }
    this.#send({ type: 'unsubscribed', jobId });
  }

  #forget(jobId: string): void {
    this.#subscriptions.delete(jobId);
    this.#options.index.delete(jobId, this);
  }

  #offer(subscription: Subscription, event: OutgoingEvent): void {
    if (subscription.admit(event)) this.#sendText(event.text, 'event');
  }

  #reject(code: WsErrorCode, message: string, jobId?: string): void {
    wsFramesRejected.inc({ reason: code });
    this.#send({ type: 'error', code, message, ...(jobId === undefined ? {} : { jobId }) });
  }

  #send(frame: ServerFrame): void {
    this.#sendText(serializeFrame(frame), frame.type);
  }

  /** A client that lets its send buffer grow past the limit is cut off; it catches up by reconnecting. */
  #sendText(text: string, type: ServerFrame['type']): void {
    if (this.#closing) return;
    if (this.#socket.bufferedAmount > this.#options.maxBufferedBytes) {
      this.#log.warn({ bufferedBytes: this.#socket.bufferedAmount }, 'slow consumer, closing');
      this.close(WS_CLOSE_CODES.slowConsumer, 'slow_consumer', 'slow consumer');
      return;
    }
    this.#socket.send(text);
    wsMessagesSent.inc({ type });
  }

  #armExpiry(): void {
    const remaining = this.#options.expiresAt * 1000 - Date.now();
    this.#expiryTimer = setTimeout(
      () => {
        if (remaining > MAX_TIMER_MS) this.#armExpiry();
        else this.close(WS_CLOSE_CODES.tokenExpired, 'token_expired', 'token expired');
      },
      Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
    );
    this.#expiryTimer.unref();
  }

  #cleanUp(): void {
    this.#closing = true;
    clearTimeout(this.#expiryTimer);
    wsConnections.dec();
    for (const jobId of this.#subscriptions.keys()) this.#options.index.delete(jobId, this);
    this.#subscriptions.clear();
    this.#writeRegistry((registry) => registry.remove(this.id));
    this.#options.onClose(this);
  }

  #writeRegistry(write: (registry: SocketRegistry) => Promise<void>): void {
    this.#registryWrites = this.#registryWrites
      .then(() => write(this.#options.registry))
      .catch((error: unknown) => {
        errorsTotal.inc({ component: 'ws-registry', kind: 'write_failed' });
        this.#log.warn({ err: error }, 'socket registry write failed; the next heartbeat repairs it');
      });
  }
}
