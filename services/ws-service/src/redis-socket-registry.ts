import type { ChainableCommander, Redis } from 'ioredis';
import type { SocketEntry, SocketRegistry, SocketState } from './socket-registry.ts';

/** Sockets re-asserted per pipeline on a heartbeat, so one instance with many sockets does not stall Redis. */
const REFRESH_BATCH = 500;

const keys = {
  socket: (socketId: string) => `ws:socket:${socketId}`,
  socketJobs: (socketId: string) => `ws:socket:${socketId}:jobs`,
  user: (user: string) => `ws:user:${user}`,
  job: (jobId: string) => `ws:job:${jobId}`,
};

/**
 * The registry in Redis, under the client's key prefix:
 *   ws:socket:<id>        hash {user, instance, connectedAt}
 *   ws:socket:<id>:jobs   set of the socket's job ids (what to clean up on remove)
 *   ws:user:<user>        sorted set of socket ids, scored by expiry
 *   ws:job:<jobId>        sorted set of socket ids, scored by expiry
 * A user's or job's set is shared by replicas that each renew their own members, so a key TTL alone would keep
 * a dead replica's members alive; the expiry score lets each member lapse on its own. Writers prune lapsed
 * members, and every key carries a TTL too so an abandoned one disappears.
 */
export class RedisSocketRegistry implements SocketRegistry {
  readonly ttlMs: number;
  readonly #redis: Redis;

  constructor(options: { redis: Redis; ttlMs: number }) {
    this.#redis = options.redis;
    this.ttlMs = options.ttlMs;
  }

  async register(entry: SocketEntry): Promise<void> {
    await this.#write([{ ...entry, jobIds: [] }]);
  }

  async subscribe(socketId: string, jobId: string): Promise<void> {
    const now = Date.now();
    await exec(
      this.#redis
        .multi()
        .sadd(keys.socketJobs(socketId), jobId)
        .pexpire(keys.socketJobs(socketId), this.ttlMs)
        .zadd(keys.job(jobId), now + this.ttlMs, socketId)
        .zremrangebyscore(keys.job(jobId), '-inf', now)
        .pexpire(keys.job(jobId), this.ttlMs),
    );
  }

  async unsubscribe(socketId: string, jobId: string): Promise<void> {
    await exec(this.#redis.multi().srem(keys.socketJobs(socketId), jobId).zrem(keys.job(jobId), socketId));
  }

  async remove(socketId: string): Promise<void> {
    const [user, jobIds] = await Promise.all([
      this.#redis.hget(keys.socket(socketId), 'user'),
      this.#redis.smembers(keys.socketJobs(socketId)),
    ]);
    const multi = this.#redis.multi().del(keys.socket(socketId), keys.socketJobs(socketId));
    if (user !== null) multi.zrem(keys.user(user), socketId);
    for (const jobId of jobIds) multi.zrem(keys.job(jobId), socketId);
    await exec(multi);
  }

  async socket(socketId: string): Promise<SocketEntry | undefined> {
    const fields = await this.#redis.hgetall(keys.socket(socketId));
    if (fields.user === undefined || fields.instance === undefined) return undefined;
    return {
      socketId,
      user: fields.user,
      instance: fields.instance,
      connectedAt: Number(fields.connectedAt),
    };
  }

  socketsOfJob(jobId: string): Promise<string[]> {
    return this.#redis.zrangebyscore(keys.job(jobId), `(${Date.now()}`, '+inf');
  }

  socketsOfUser(user: string): Promise<string[]> {
    return this.#redis.zrangebyscore(keys.user(user), `(${Date.now()}`, '+inf');
  }

  async refresh(sockets: readonly SocketState[]): Promise<void> {
    for (let start = 0; start < sockets.length; start += REFRESH_BATCH) {
      await this.#write(sockets.slice(start, start + REFRESH_BATCH));
    }
  }

  /** Writes the full state of these sockets with fresh expiries, pruning lapsed members of the sets it touches. */
  async #write(sockets: readonly SocketState[]): Promise<void> {
    const now = Date.now();
    const expiresAt = now + this.ttlMs;
    const multi = this.#redis.multi();
    const member = (key: string, socketId: string) =>
      multi.zadd(key, expiresAt, socketId).zremrangebyscore(key, '-inf', now).pexpire(key, this.ttlMs);
    for (const { socketId, user, instance, connectedAt, jobIds } of sockets) {
      multi
        .hset(keys.socket(socketId), { user, instance, connectedAt: String(connectedAt) })
        .pexpire(keys.socket(socketId), this.ttlMs)
        .del(keys.socketJobs(socketId));
      if (jobIds.length > 0) {
        multi.sadd(keys.socketJobs(socketId), ...jobIds).pexpire(keys.socketJobs(socketId), this.ttlMs);
      }
      member(keys.user(user), socketId);
      for (const jobId of jobIds) member(keys.job(jobId), socketId);
    }
    await exec(multi);
  }
}

/** A transaction reports a failed command in its result list rather than by rejecting; surface it. */
async function exec(multi: ChainableCommander): Promise<void> {
  const results = await multi.exec();
  const failed = results?.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
