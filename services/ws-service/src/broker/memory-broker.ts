import type { Broker, BrokerListener } from './port.ts';

/**
 * Brokers of one process that route to each other, like replicas sharing one Redis. Deliveries are queued as
 * microtasks, so a publisher never runs a subscriber's code inside its own call, as with a real network hop.
 */
export class MemoryBrokerNetwork<P> {
  readonly brokers = new Set<MemoryBroker<P>>();
}

/** Hands payloads over as they are: within one process there is nothing to encode. */
export class MemoryBroker<P> implements Broker<P> {
  readonly #network: MemoryBrokerNetwork<P>;
  readonly #joined = new Set<string>();
  #listener: BrokerListener<P> | undefined;

  constructor(network: MemoryBrokerNetwork<P> = new MemoryBrokerNetwork()) {
    this.#network = network;
    network.brokers.add(this);
  }

  listen(listener: BrokerListener<P>): void {
    this.#listener = listener;
  }

  async publish(user: string, payload: P): Promise<void> {
    for (const broker of this.#network.brokers) broker.#receive(user, payload);
  }

  async join(user: string): Promise<void> {
    this.#joined.add(user);
  }

  async leave(user: string): Promise<void> {
    this.#joined.delete(user);
  }

  async close(): Promise<void> {
    this.#network.brokers.delete(this);
    this.#joined.clear();
  }

  #receive(user: string, payload: P): void {
    if (!this.#joined.has(user)) return;
    queueMicrotask(() => {
      if (this.#joined.has(user)) this.#listener?.message(user, payload);
    });
  }
}
