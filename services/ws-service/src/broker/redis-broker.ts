import type { Logger } from '@jobtrack/platform';
import type { Redis } from 'ioredis';
import type { Broker, BrokerListener } from './port.ts';

/**
 * The broker on Redis pub/sub: one channel per user, `<prefix>ws:user:<user>`. PUBLISH reaches only the
 * replicas subscribed to the channel, so an event costs one command plus one delivery per replica holding a
 * socket of its user. Channels are not covered by the client's key prefix, hence the explicit one.
 */
export class RedisBroker implements Broker {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #log: Logger;
  #listener: BrokerListener | undefined;
  #wasReady = false;

  /** `subscriber` must be a connection of its own: a subscribed connection can issue no other commands. */
  constructor(options: { publisher: Redis; subscriber: Redis; channelPrefix: string; logger: Logger }) {
    this.#publisher = options.publisher;
    this.#subscriber = options.subscriber;
    this.#prefix = `${options.channelPrefix}ws:user:`;
    this.#log = options.logger.child({ component: 'ws-broker' });
    this.#subscriber.on('message', (channel: string, payload: string) => {
      if (channel.startsWith(this.#prefix))
        this.#listener?.message(channel.slice(this.#prefix.length), payload);
    });
    // ioredis re-subscribes after a reconnect, but what was published meanwhile is gone: say so.
    this.#subscriber.on('ready', () => {
      if (this.#wasReady) {
        this.#log.warn('broker connection re-established; subscriptions resync from history');
        this.#listener?.resync();
      }
      this.#wasReady = true;
    });
    if (this.#subscriber.status === 'ready') this.#wasReady = true;
  }

  listen(listener: BrokerListener): void {
    this.#listener = listener;
  }

  async publish(user: string, payload: string): Promise<void> {
    await this.#publisher.publish(this.#prefix + user, payload);
  }

  async join(user: string): Promise<void> {
    await this.#subscriber.subscribe(this.#prefix + user);
  }

  async leave(user: string): Promise<void> {
    await this.#subscriber.unsubscribe(this.#prefix + user);
  }

  async close(): Promise<void> {
    await this.#subscriber.quit();
  }
}
