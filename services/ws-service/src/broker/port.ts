import type { OutgoingEvent } from '../job-stream.ts';

/**
 * Routes event frames by user, in the manner of Centrifugo's broker: a hub joins the channel of every
 * user it holds a socket of, and a frame published for a user reaches only the hubs that joined it. Since every
 * replica reads every job update itself (see relay.ts), the one adapter is in-process; a network broker (Redis
 * pub/sub, as before) would fit the same port if the replicas went back to sharing one consumer group.
 *
 * Delivery is at most once, in publish order per publisher. What a broker may have dropped (its connection broke)
 * is announced with `resync`, and the subscriptions then read the job history for what they missed.
 */
export interface BrokerListener<P> {
  message(user: string, payload: P): void;
  resync(): void;
}

export interface Broker<P> {
  /** Called once, before the first join. */
  listen(listener: BrokerListener<P>): void;
  publish(user: string, payload: P): Promise<void>;
  /** Resolves once messages for the user are received. Joins and leaves take effect in call order. */
  join(user: string): Promise<void>;
  leave(user: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the ws-service's broker carries: the frame's bytes, encoded once by the relay, with the job id, seq, status
 * and percent beside them, so that no replica parses a frame to route it. A network adapter would put these
 * fields in its message next to the bytes.
 */
export type EventBroker = Broker<OutgoingEvent>;
