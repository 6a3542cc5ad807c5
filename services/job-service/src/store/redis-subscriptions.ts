import type { Logger } from '@jobtrack/platform';
import type { Redis } from 'ioredis';

type Listener = (message: string) => void;

interface Channel {
  listeners: Set<Listener>;
  /** Settles once Redis confirmed the subscription; a listener added meanwhile waits for it too. */
  subscribed: Promise<unknown>;
}

/**
 * Channel subscriptions over one dedicated connection (a subscribed Redis connection can do nothing else),
 * subscribing a channel on its first listener and leaving it after its last. ioredis re-subscribes by itself
 * after a reconnect; what was published meanwhile is lost, which is why watchers also poll.
 */
export class Subscriptions {
  readonly #source: Redis;
  readonly #logger: Logger | undefined;
  #connection: Redis | undefined;
  readonly #channels = new Map<string, Channel>();

  constructor(source: Redis, logger?: Logger) {
    this.#source = source;
    this.#logger = logger;
  }

  async add(name: string, listener: Listener): Promise<() => Promise<void>> {
    const connection = this.#connect();
    let channel = this.#channels.get(name);
    if (!channel) {
      channel = { listeners: new Set(), subscribed: connection.subscribe(name) };
      this.#channels.set(name, channel);
    }
    channel.listeners.add(listener);
    const joined = channel;
    try {
      await joined.subscribed;
    } catch (error) {
      await this.#leave(name, joined, listener);
      throw error;
    }
    return () => this.#leave(name, joined, listener);
  }

  async close(): Promise<void> {
    this.#channels.clear();
    await this.#connection?.quit();
  }

  async #leave(name: string, channel: Channel, listener: Listener): Promise<void> {
    if (!channel.listeners.delete(listener) || channel.listeners.size > 0) return;
    if (this.#channels.get(name) !== channel) return;
    this.#channels.delete(name);
    await this.#connection?.unsubscribe(name).catch(() => undefined);
  }

  #connect(): Redis {
    if (!this.#connection) {
      this.#connection = this.#source.duplicate({ connectionName: 'job-store-subscriber' });
      this.#connection.on('message', (name: string, message: string) => {
        for (const listener of this.#channels.get(name)?.listeners ?? []) listener(message);
      });
      this.#connection.on('error', (error: Error) =>
        this.#logger?.warn({ err: error }, 'job update subscription connection error'),
      );
    }
    return this.#connection;
  }
}
