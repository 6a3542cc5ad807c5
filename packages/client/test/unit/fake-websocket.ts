import type { ConnectedFrame, ServerFrame } from '@jobtrack/contracts/ws-protocol';
import type { WebSocketLike } from '../../src/types.ts';

type Listener = (event: unknown) => void;

/** A WebSocket whose server side the test plays: it opens, sends frames and drops the socket by hand. */
export class FakeSocket implements WebSocketLike {
  readonly url: string;
  readyState = 0;
  readonly sent: Array<Record<string, unknown>> = [];
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string) {
    this.url = url;
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener as Listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    queueMicrotask(() => this.#emit('close', { code, reason }));
  }

  /** The server accepts the socket and sends its `connected` frame. */
  accept(connected: Partial<ConnectedFrame> = {}): void {
    this.readyState = 1;
    this.#emit('open', {});
    this.receive({
      type: 'connected',
      connectionId: 'c-1',
      user: 'alice',
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      pingIntervalMs: 25_000,
      maxSubscriptions: 100,
      maxPayloadBytes: 65_536,
      ...connected,
    });
  }

  receive(frame: ServerFrame): void {
    this.#emit('message', { data: JSON.stringify(frame) });
  }

  /** The server (or the network) ends the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.#emit('close', { code, reason });
  }

  subscribes(): Array<Record<string, unknown>> {
    return this.sent.filter((frame) => frame.type === 'subscribe');
  }

  #emit(type: string, event: unknown): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}

export interface FakeServer {
  WebSocket: new (url: string) => FakeSocket;
  sockets: FakeSocket[];
  /** The socket the client opened as `index`th, once it has. */
  socket(index: number): Promise<FakeSocket>;
}

/** The sockets a client opened, in order, with a way to await the next one. */
export function fakeServer(): FakeServer {
  const sockets: FakeSocket[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  class WebSocket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
      for (const waiter of waiters.splice(0)) {
        if (sockets.length >= waiter.count) waiter.resolve();
        else waiters.push(waiter);
      }
    }
  }
  const socket = async (index: number): Promise<FakeSocket> => {
    if (sockets.length <= index) {
      await new Promise<void>((resolve) => waiters.push({ count: index + 1, resolve }));
    }
    return sockets[index] as FakeSocket;
  };
  return { WebSocket, sockets, socket };
}
