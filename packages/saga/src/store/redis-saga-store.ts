import type { Redis } from 'ioredis';
import { isFinished, type SagaEffect, type SagaInstance } from '../instance.ts';
import {
  dueAt,
  FINISHED_RETENTION_MS,
  type LockRequest,
  type SagaCommit,
  type SagaStore,
  type StoredSaga,
} from './port.ts';
import { CLAIM_DUE, COMMIT_SAGA, SETTLE_SAGA, TRY_LOCK } from './redis-scripts.ts';

type ScriptedRedis = Redis & {
  sagaCommit(keys: string[], ...args: Array<string | number>): Promise<number>;
  sagaSettle(keys: string[], ...args: Array<string | number>): Promise<number>;
  sagaClaimDue(keys: string[], ...args: Array<string | number>): Promise<string[]>;
  sagaTryLock(keys: string[], ...args: Array<string | number>): Promise<number>;
};

/**
 * Saga instances of one type in Redis: a hash per saga (instance JSON, version, outbox), a sorted set of due
 * times that the orchestrators' timer loops poll, a set of sagas in flight, and per lock key a string naming the
 * holder with a lease plus a list of the sagas queued behind it. Every key carries the hash tag `{saga:<type>}`.
 */
export class RedisSagaStore implements SagaStore {
  readonly #redis: ScriptedRedis;
  readonly #tag: string;
  readonly #retentionMs: number;

  constructor(redis: Redis, options: { type: string; retentionMs?: number }) {
    redis.defineCommand('sagaCommit', { numberOfKeys: 5, lua: COMMIT_SAGA });
    redis.defineCommand('sagaSettle', { numberOfKeys: 2, lua: SETTLE_SAGA });
    redis.defineCommand('sagaClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE });
    redis.defineCommand('sagaTryLock', { numberOfKeys: 3, lua: TRY_LOCK });
    this.#redis = redis as ScriptedRedis;
    this.#tag = `{saga:${options.type}}`;
    this.#retentionMs = options.retentionMs ?? FINISHED_RETENTION_MS;
  }

  #instanceKey(sagaId: string): string {
    return `${this.#tag}:instance:${sagaId}`;
  }

  get #dueKey(): string {
    return `${this.#tag}:due`;
  }

  get #inFlightKey(): string {
    return `${this.#tag}:in-flight`;
  }

  #lockKeys(key: string): [string, string] {
    return [`${this.#tag}:lock:${key}`, `${this.#tag}:lock-queue:${key}`];
  }

  async load(sagaId: string): Promise<StoredSaga | undefined> {
    const [instance, version, outbox] = await this.#redis.hmget(
      this.#instanceKey(sagaId),
      'instance',
      'version',
      'outbox',
    );
    if (!instance || !version) return undefined;
    return {
      instance: JSON.parse(instance) as SagaInstance,
      version: Number(version),
      outbox: JSON.parse(outbox ?? '[]') as SagaEffect[],
    };
  }

  async commit(commit: SagaCommit): Promise<number | null> {
    const { instance } = commit;
    const due = dueAt(instance.deadline, commit.outbox.length > 0, commit.now);
    const lockKey = instance.lockKey ?? '';
    const version = await this.#redis.sagaCommit(
      [this.#instanceKey(instance.sagaId), this.#dueKey, this.#inFlightKey, ...this.#lockKeys(lockKey)],
      instance.sagaId,
      commit.expectedVersion,
      JSON.stringify(instance),
      JSON.stringify(commit.outbox),
      due ?? '',
      isFinished(instance) ? '1' : '0',
      commit.now,
      this.#retentionMs,
      commit.lockLeaseMs,
      instance.lockKey === null ? '0' : '1',
    );
    return version === 0 ? null : version;
  }

  async markPublished(sagaId: string, version: number, deadline: number | null): Promise<void> {
    await this.#redis.sagaSettle(
      [this.#instanceKey(sagaId), this.#dueKey],
      sagaId,
      version,
      deadline ?? '',
      '1',
    );
  }

  async reschedule(sagaId: string, version: number, due: number | null): Promise<void> {
    await this.#redis.sagaSettle([this.#instanceKey(sagaId), this.#dueKey], sagaId, version, due ?? '', '0');
  }

  async claimDue(now: number, limit: number, claimMs: number): Promise<string[]> {
    return this.#redis.sagaClaimDue([this.#dueKey], now, limit, claimMs);
  }

  async tryLock(key: string, sagaId: string, request: LockRequest): Promise<boolean> {
    const held = await this.#redis.sagaTryLock(
      [...this.#lockKeys(key), this.#dueKey],
      sagaId,
      request.leaseMs,
      request.queue ? '1' : '0',
      request.now,
    );
    return held === 1;
  }

  async inFlight(): Promise<number> {
    return this.#redis.scard(this.#inFlightKey);
  }
}
