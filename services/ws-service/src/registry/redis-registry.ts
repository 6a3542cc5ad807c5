import type { Redis } from 'ioredis';
import type { RegisteredSocket, SocketRegistry } from './port.ts';

/** Sockets re-asserted per pipeline on a heartbeat, so one replica with many sockets does not stall Redis. */
const REFRESH_BATCH = 500;

const userKey = (user: string) => `ws:user:${user}`;

/**
 * The registry in Redis, under the client's key prefix: `ws:user:<user>`, a sorted set of socket ids scored by
 * expiry. The set is shared by replicas that each renew their own members, so a key TTL alone would keep a dead
 * replica's members alive; the score lets each member lapse on its own. Writers prune lapsed members, readers
 * skip them, and the key carries a TTL too so an abandoned one disappears.
 */
export class RedisSocketRegistry implements SocketRegistry {
  readonly ttlMs: number;
  readonly #redis: Redis;

  constructor(options: { redis: Redis; ttlMs: number }) {
    this.#redis = options.redis;
    this.ttlMs = options.ttlMs;
  }

  register(socket: RegisteredSocket): Promise<void> {
    return this.#write([socket]);
  }

  async remove(socket: RegisteredSocket): Promise<void> {
    await this.#redis.zrem(userKey(socket.user), socket.socketId);
  }

  socketsOfUser(user: string): Promise<string[]> {
    return this.#redis.zrangebyscore(userKey(user), `(${Date.now()}`, '+inf');
  }

  async refresh(sockets: readonly RegisteredSocket[]): Promise<void> {
    for (let start = 0; start < sockets.length; start += REFRESH_BATCH) {
      await this.#write(sockets.slice(start, start + REFRESH_BATCH));
    }
  }

  /** Writes these sockets with fresh expiries in one pipeline, pruning lapsed members of the sets it touches. */
  async #write(sockets: readonly RegisteredSocket[]): Promise<void> {
    const now = Date.now();
    const pipeline = this.#redis.pipeline();
    for (const { socketId, user } of sockets) {
      pipeline
        .zadd(userKey(user), now + this.ttlMs, socketId)
        .zremrangebyscore(userKey(user), '-inf', now)
        .pexpire(userKey(user), this.ttlMs);
    }
    const results = await pipeline.exec();
    // A pipeline reports a failed command in its result list rather than by rejecting; surface it.
    const failed = results?.find(([error]) => error !== null);
    if (failed?.[0]) throw failed[0];
  }
}
