import type { Redis } from 'ioredis';
import type { JobRecord } from '../job.ts';
import type { JobStore } from './port.ts';

// Both scripts run atomically in Redis. KEYS[1] the job key; ARGV[1] the JSON, ARGV[2] the TTL in ms.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

// ARGV[3] the seq the caller read; the write happens only if nobody changed the job since.
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).seq ~= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

type ScriptedRedis = Redis & {
  jobCreate(key: string, json: string, ttlMs: number): Promise<number>;
  jobCompareAndSet(key: string, json: string, ttlMs: number, expectedSeq: number): Promise<number>;
};

/** Jobs as JSON strings under `job:<id>`, expiring with the job (the client's key prefix goes in front). */
export class RedisJobStore implements JobStore {
  readonly #redis: ScriptedRedis;
  readonly #now: () => number;

  constructor(redis: Redis, options: { now?: () => number } = {}) {
    redis.defineCommand('jobCreate', { numberOfKeys: 1, lua: CREATE });
    redis.defineCommand('jobCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.#redis = redis as ScriptedRedis;
    this.#now = options.now ?? Date.now;
  }

  async create(job: JobRecord): Promise<boolean> {
    return (await this.#redis.jobCreate(key(job.id), JSON.stringify(job), this.#ttl(job))) === 1;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const json = await this.#redis.get(key(id));
    return json === null ? undefined : (JSON.parse(json) as JobRecord);
  }

  async compareAndSet(next: JobRecord, expectedSeq: number): Promise<boolean> {
    const written = await this.#redis.jobCompareAndSet(
      key(next.id),
      JSON.stringify(next),
      this.#ttl(next),
      expectedSeq,
    );
    return written === 1;
  }

  async isHealthy(): Promise<boolean> {
    return this.#redis.status === 'ready';
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }

  /** Never below 1 ms: a non-positive PX is an error in Redis, and such a job is due to vanish anyway. */
  #ttl(job: JobRecord): number {
    return Math.max(1, job.expiresAt - this.#now());
  }
}

function key(id: string): string {
  return `job:${id}`;
}
