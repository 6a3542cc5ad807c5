import type { Response } from 'express';
import { HttpProblem } from './problem.ts';

export interface SseLimits {
  /** Streams open at once in this process. */
  maxStreams: number;
  /** Streams open at once per user in this process. */
  maxPerUser: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
}

export interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** One open text/event-stream response. */
export interface SseStream {
  /** False when the socket buffer is full: wait for `onDrain` before sending more. A no-op once ended. */
  send(event: SseEvent): boolean;
  onDrain(listener: () => void): void;
  /** Called once the response is over, whoever ended it: the stream, the client or a shutdown. */
  onClose(listener: () => void): void;
  end(): void;
}

/** Clients reconnect after this long when the connection drops; a resumed stream starts at Last-Event-ID. */
const RECONNECT_MS = 2000;

function frame(event: SseEvent): string {
  const lines = event.id === undefined ? [] : [`id: ${event.id}`];
  lines.push(`event: ${event.event}`, `data: ${JSON.stringify(event.data)}`);
  return `${lines.join('\n')}\n\n`;
}

/**
 * The open Server-Sent Events streams of this process: bounded in total and per user, because each holds a
 * socket and a job-service watch for as long as the job runs, and all ended on shutdown so the server can close.
 */
export class EventStreams {
  readonly #limits: SseLimits;
  readonly #open = new Map<SseStream, Promise<void>>();
  readonly #perUser = new Map<string, number>();
  #closed = false;

  constructor(limits: SseLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Starts a stream on `response`, or throws the problem that refuses it while nothing is written yet. */
  open(user: string, response: Response): SseStream {
    if (this.#closed) {
      throw new HttpProblem(503, 'Service Unavailable', 'the server is shutting down', {
        headers: { 'retry-after': '1' },
      });
    }
    const mine = this.#perUser.get(user) ?? 0;
    if (mine >= this.#limits.maxPerUser || this.#open.size >= this.#limits.maxStreams) {
      const whose = mine >= this.#limits.maxPerUser ? 'this user has' : 'the server has';
      throw new HttpProblem(429, 'Too Many Requests', `${whose} too many event streams open`, {
        headers: { 'retry-after': '5' },
      });
    }
    this.#perUser.set(user, mine + 1);

    response
      .status(200)
      .set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
        // A stream's connection is not reused: the client does not try to drain it to pool it when it leaves,
        // and a stream ended at shutdown takes its socket with it instead of leaving an idle keep-alive behind.
        connection: 'close',
      })
      .flushHeaders();
    response.write(`retry: ${RECONNECT_MS}\n\n`);
    // Ended but not yet closed is a window in which a heartbeat or a late update must not be written: a write
    // after end is an error event on the response.
    const open = () => !response.writableEnded && !response.destroyed;
    const heartbeat = setInterval(() => {
      if (open()) response.write(': heartbeat\n\n');
    }, this.#limits.heartbeatMs);

    const stream: SseStream = {
      send: (event) => (open() ? response.write(frame(event)) : true),
      onDrain: (listener) => response.once('drain', listener),
      onClose: (listener) => response.once('close', listener),
      end: () => {
        if (open()) response.end();
      },
    };
    const closed = new Promise<void>((resolve) =>
      response.once('close', () => {
        clearInterval(heartbeat);
        this.#open.delete(stream);
        const left = (this.#perUser.get(user) ?? 1) - 1;
        if (left > 0) this.#perUser.set(user, left);
        else this.#perUser.delete(user);
        resolve();
      }),
    );
    this.#open.set(stream, closed);
    return stream;
  }

  /** Ends every stream and refuses new ones; clients reconnect elsewhere and resume from Last-Event-ID. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    const closing = [...this.#open.values()];
    for (const stream of this.#open.keys()) stream.end();
    await Promise.all(closing);
  }
}
