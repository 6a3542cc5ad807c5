/**
 * Routes serialized event frames between ws-service replicas by user, in the manner of Centrifugo's broker: a
 * replica joins the channel of every user it holds a socket of, and an update published for a user reaches only
 * the replicas that joined it. Two adapters: Redis pub/sub across replicas, and in-process for the embedded mode.
 *
 * Delivery is at most once, in publish order per publisher. What a broker may have dropped (its connection broke)
 * is announced with `resync`, and the subscriptions then read the job history for what they missed.
 */
export interface BrokerListener {
  message(user: string, payload: string): void;
  resync(): void;
}

export interface Broker {
  /** Called once, before the first join. */
  listen(listener: BrokerListener): void;
  publish(user: string, payload: string): Promise<void>;
  /** Resolves once messages for the user are received. Joins and leaves take effect in call order. */
  join(user: string): Promise<void>;
  leave(user: string): Promise<void>;
  close(): Promise<void>;
}
