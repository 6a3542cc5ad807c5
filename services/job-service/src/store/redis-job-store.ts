import type { Logger } from '@jobtrack/platform';
import type { Redis } from 'ioredis';
import { historyEntry, type JobHistoryEntry, type JobRecord } from '../job.ts';
import type { CreateResult, IdempotencyClaim, JobStore, OwnerIndexEntry } from './port.ts';
import { COMMIT_JOB, CREATE_JOB } from './redis-scripts.ts';
import { Subscriptions } from './redis-subscriptions.ts';

type ScriptedRedis = Redis & {
  jobCreate(keys: string[], ...args: Array<string | number>): Promise<[number, string?]>;
  jobCommit(keys: string[], ...args: Array<string | number>): Promise<number>;
};

const key = {
  job: (id: string) => `job:${id}`,
  history: (id: string) => `job:${id}:history`,
  owner: (owner: string) => `owner:${owner}:jobs`,
  unacknowledged: 'jobs:unacknowledged',
  claim: (claimKey: string) => `idempotency:${claimKey}`,
};

/**
 * Jobs as JSON strings under `job:<id>` expiring with the job, their capped history in a list beside them,
 * each owner's jobs in a sorted set by creation time, and commits announced on a per-job channel. The client's
 * key prefix goes in front of every key and channel.
 */
export class RedisJobStore implements JobStore {
  readonly #redis: ScriptedRedis;
  readonly #subscriptions: Subscriptions;
  readonly #channelPrefix: string;
  readonly #now: () => number;

  constructor(redis: Redis, options: { now?: () => number; logger?: Logger } = {}) {
    redis.defineCommand('jobCreate', { numberOfKeys: 4, lua: CREATE_JOB });
    redis.defineCommand('jobCommit', { numberOfKeys: 4, lua: COMMIT_JOB });
    this.#redis = redis as ScriptedRedis;
    // Redis does not apply a client's key prefix to channels, so the store does.
    this.#channelPrefix = `${redis.options.keyPrefix ?? ''}job-updates:`;
    this.#subscriptions = new Subscriptions(redis, options.logger);
    this.#now = options.now ?? Date.now;
  }

  async create(job: JobRecord, claim?: IdempotencyClaim): Promise<CreateResult> {
    let staleClaim = claim?.supersedes ? `${claim.supersedes} ${claim.fingerprint}` : '';
    // At most twice: a claim naming a job that has expired since is replaced, once, atomically.
    for (let attempt = 0; attempt < 2; attempt++) {
      const [outcome, held] = await this.#redis.jobCreate(
        [key.job(job.id), key.owner(job.owner), key.unacknowledged, key.claim(claim?.key ?? '')],
        JSON.stringify(job),
        this.#ttl(job),
        job.createdAt,
        job.id,
        claim?.fingerprint ?? '',
        claim?.ttlMs ?? 0,
        staleClaim,
      );
      if (outcome === 1) return { created: true };
      if (outcome === 0) return { created: false, reason: 'id_taken' };
      const [jobId = '', fingerprint = ''] = (held ?? '').split(' ');
      if ((await this.#redis.exists(key.job(jobId))) === 1) {
        return { created: false, reason: 'key_claimed', jobId, fingerprint };
      }
      staleClaim = held ?? '';
    }
    throw new Error('idempotency key kept changing while its job was being created');
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return parse(await this.#redis.get(key.job(id)));
  }

  async getMany(ids: readonly string[]): Promise<Array<JobRecord | undefined>> {
    if (ids.length === 0) return [];
    return (await this.#redis.mget(ids.map(key.job))).map(parse);
  }

  async commit(
    next: JobRecord,
    expectedSeq: number,
    options: { historyLimit: number; acknowledged: boolean },
  ): Promise<boolean> {
    const json = JSON.stringify(next);
    const written = await this.#redis.jobCommit(
      [key.job(next.id), key.history(next.id), key.owner(next.owner), key.unacknowledged],
      json,
      this.#ttl(next),
      expectedSeq,
      JSON.stringify(historyEntry(next)),
      options.historyLimit,
      next.id,
      options.acknowledged ? '1' : '0',
      this.#channel(next.id),
    );
    return written === 1;
  }

  async history(id: string): Promise<JobHistoryEntry[]> {
    const entries = await this.#redis.lrange(key.history(id), 0, -1);
    return entries.map((entry) => JSON.parse(entry) as JobHistoryEntry);
  }

  async ownerIndex(
    owner: string,
    maxCreatedAt: number,
    offset: number,
    count: number,
  ): Promise<OwnerIndexEntry[]> {
    const flat = await this.#redis.zrange(
      key.owner(owner),
      maxCreatedAt,
      '-inf',
      'BYSCORE',
      'REV',
      'LIMIT',
      offset,
      count,
      'WITHSCORES',
    );
    const entries: OwnerIndexEntry[] = [];
    for (let i = 0; i < flat.length; i += 2)
      entries.push({ id: flat[i] as string, createdAt: Number(flat[i + 1]) });
    return entries;
  }

  async dropFromOwnerIndex(owner: string, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.#redis.zrem(key.owner(owner), ...ids);
  }

  async unacknowledged(createdBefore: number, count: number): Promise<string[]> {
    return this.#redis.zrangebyscore(key.unacknowledged, '-inf', createdBefore, 'LIMIT', 0, count);
  }

  async dropUnacknowledged(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.#redis.zrem(key.unacknowledged, ...ids);
  }

  async watch(id: string, listener: (job: JobRecord) => void): Promise<() => Promise<void>> {
    return this.#subscriptions.add(this.#channel(id), (message) => {
      const job = parse(message);
      if (job) listener(job);
    });
  }

  async isHealthy(): Promise<boolean> {
    return this.#redis.status === 'ready';
  }

  async close(): Promise<void> {
    await this.#subscriptions.close();
    await this.#redis.quit();
  }

  #channel(id: string): string {
    return `${this.#channelPrefix}${id}`;
  }

  /** Never below 1 ms: a non-positive PX is an error in Redis, and such a job is due to vanish anyway. */
  #ttl(job: JobRecord): number {
    return Math.max(1, job.expiresAt - this.#now());
  }
}

function parse(json: string | null | undefined): JobRecord | undefined {
  return json ? (JSON.parse(json) as JobRecord) : undefined;
}
