// Values from the zod-free module only: the schemas would put all of zod into a browser bundle.
import { JOB_ID } from '@jobtrack/contracts/identity';
import { SUBSCRIPTION_LEVELS } from '@jobtrack/contracts/ws-constants';
import { Backoff } from './backoff.ts';
import { Emitter } from './emitter.ts';
import { JobWatchState } from './job-watch.ts';
import { SseTransport } from './sse-transport.ts';
import type { Transport, TransportHooks } from './transport.ts';
import type {
  ClientLogger,
  ClientState,
  JobtrackClientOptions,
  JobWatch,
  WatchOptions,
  WebSocketConstructorLike,
} from './types.ts';
import { WebSocketTransport } from './websocket-transport.ts';

const SILENT: ClientLogger = { debug() {}, warn() {} };

type ClientEvents = { state: ClientState; error: Error };

/**
 * Watches jobs live. Connects on the first watch, keeps one WebSocket for all of them (or an SSE stream each where
 * no WebSocket exists), and hides drops: each watch resumes from its last seq and never sees an update twice.
 */
export class JobtrackClient {
  readonly #options: JobtrackClientOptions;
  readonly #logger: ClientLogger;
  readonly #kind: 'websocket' | 'sse';
  readonly #events: Emitter<ClientEvents>;
  readonly #watches = new Set<JobWatchState>();
  #transport: Transport | undefined;
  #state: ClientState = 'idle';

  constructor(options: JobtrackClientOptions) {
    if (typeof options.token !== 'function')
      throw new TypeError('token must be a function returning a token');
    // Fails now, not on the first watch, on reconnect settings that make no sense.
    new Backoff(options.reconnect);
    this.#options = options;
    this.#logger = options.logger ?? SILENT;
    this.#kind = chooseTransport(options);
    this.#events = new Emitter((error) => this.#logger.warn('jobtrack: a listener threw', error));
  }

  get state(): ClientState {
    return this.#state;
  }

  /** Undefined until the first watch picks the transport. */
  get transport(): 'websocket' | 'sse' | undefined {
    return this.#transport ? this.#kind : undefined;
  }

  on(event: 'state', listener: (state: ClientState) => void): () => void;
  on(event: 'error', listener: (error: Error) => void): () => void;
  on(event: keyof ClientEvents, listener: (value: never) => void): () => void {
    return this.#events.on(event, listener as (value: ClientEvents[keyof ClientEvents]) => void);
  }

  watch(jobId: string, options: WatchOptions = {}): JobWatch {
    if (this.#state === 'closed') throw new Error('the client is closed');
    validateWatch(jobId, options);
    for (const watch of this.#watches) {
      // One server subscription per job and connection: a second watch would take over the first one's.
      if (watch.jobId === jobId) throw new Error(`job ${jobId} is already watched; close that watch first`);
    }
    const transport = this.#ensureTransport();
    const watch = new JobWatchState(jobId, {
      level: options.level ?? 'progress',
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      onEnd: (ended, reason) => {
        this.#watches.delete(ended);
        transport.remove(ended, reason);
      },
      onListenerError: (error) => this.#logger.warn(`jobtrack: a listener of job ${jobId} threw`, error),
    });
    this.#watches.add(watch);
    transport.add(watch);
    return watch;
  }

  /** Ends every watch (their `done` rejects) and the connection; the client cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    // The transport forgets its watches first, so closing them sends no unsubscribe over a socket about to close.
    const closing = this.#transport?.close();
    for (const watch of [...this.#watches]) watch.close();
    await closing;
  }

  #ensureTransport(): Transport {
    if (this.#transport) return this.#transport;
    const options = this.#options;
    const hooks: TransportHooks = {
      setState: (state) => this.#setState(state),
      reportError: (error) => this.#report(error),
      fatal: (error) => this.#fatal(error),
      logger: this.#logger,
    };
    const reconnect = options.reconnect ?? {};
    this.#transport =
      this.#kind === 'websocket'
        ? new WebSocketTransport(
            { url: options.wsUrl, token: options.token, WebSocket: requireWebSocket(options), reconnect },
            hooks,
          )
        : new SseTransport(
            {
              gatewayUrl: options.gatewayUrl ?? '',
              token: options.token,
              fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
              reconnect,
            },
            hooks,
          );
    return this.#transport;
  }

  #setState(state: ClientState): void {
    // After close, late reports of a transport winding down must not make the client look alive.
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    this.#events.emit('state', state);
  }

  #report(error: Error): void {
    if (this.#events.count('error') === 0) this.#logger.warn('jobtrack: error', error);
    this.#events.emit('error', error);
  }

  #fatal(error: Error): void {
    for (const watch of [...this.#watches]) watch.fail(error);
    this.#report(error);
    this.#setState('closed');
    void this.#transport?.close();
  }
}

function webSocketOf(options: JobtrackClientOptions): WebSocketConstructorLike | undefined {
  return options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
}

function requireWebSocket(options: JobtrackClientOptions): WebSocketConstructorLike {
  const WebSocket = webSocketOf(options);
  if (!WebSocket) throw new TypeError('no WebSocket implementation: pass the WebSocket option');
  return WebSocket;
}

function chooseTransport(options: JobtrackClientOptions): 'websocket' | 'sse' {
  const requested = options.transport ?? 'auto';
  const hasWebSocket = webSocketOf(options) !== undefined;
  const kind = requested === 'auto' ? (hasWebSocket ? 'websocket' : 'sse') : requested;
  if (kind === 'websocket') {
    if (!hasWebSocket) throw new TypeError('no WebSocket implementation: pass the WebSocket option');
    if (typeof options.wsUrl !== 'string' || options.wsUrl === '') throw new TypeError('wsUrl is required');
    return kind;
  }
  if (!options.gatewayUrl) throw new TypeError('the SSE transport needs gatewayUrl');
  if (!options.fetch && typeof globalThis.fetch !== 'function') {
    throw new TypeError('no fetch implementation: pass the fetch option');
  }
  return 'sse';
}

function validateWatch(jobId: string, options: WatchOptions): void {
  if (typeof jobId !== 'string' || !JOB_ID.pattern.test(jobId)) {
    throw new TypeError(`jobId must be ${JOB_ID.rule}`);
  }
  if (options.level !== undefined && !SUBSCRIPTION_LEVELS.includes(options.level)) {
    throw new TypeError(`level must be one of ${SUBSCRIPTION_LEVELS.join(', ')}`);
  }
  if (options.since !== undefined && !(Number.isSafeInteger(options.since) && options.since >= 0)) {
    throw new TypeError('since must be a non-negative integer');
  }
}
