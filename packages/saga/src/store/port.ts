import type { SagaEffect, SagaInstance } from '../instance.ts';

/** A saga as stored: its instance, the version a commit must name, and effects not yet published. */
export interface StoredSaga {
  instance: SagaInstance;
  version: number;
  outbox: SagaEffect[];
}

export interface SagaCommit {
  instance: SagaInstance;
  /** The version the transition was computed from; 0 for a new saga. */
  expectedVersion: number;
  /** The transition's effects, stored with it and published after it (a transactional outbox). */
  outbox: SagaEffect[];
  lockLeaseMs: number;
  now: number;
}

export interface LockRequest {
  leaseMs: number;
  /** Queue behind the holder (a waiting saga) rather than just fail (a rejecting one). */
  queue: boolean;
  now: number;
}

/**
 * Where saga instances live. Two adapters: Redis (durable, shared by orchestrator replicas) and in-memory (the
 * embedded mode); both pass test/support/saga-store-contract.ts.
 *
 * Each saga has one timer, its "due" time: the instance's deadline, or sooner while its outbox is unpublished,
 * so effects stored by a process that died before publishing them still go out.
 */
export interface SagaStore {
  load(sagaId: string): Promise<StoredSaga | undefined>;
  /**
   * Stores the instance and its outbox if the stored version is still `expectedVersion`, and in the same step
   * sets the saga's due time, renews or hands over its semantic lock, and gives a finished saga its retention.
   * Resolves with the new version, or null when another writer got there first.
   */
  commit(commit: SagaCommit): Promise<number | null>;
  /** Empties the outbox of that version once its effects are published, and re-arms the saga's deadline. */
  markPublished(sagaId: string, version: number, deadline: number | null): Promise<void>;
  /** Saga ids whose due time has come, each pushed back by `claimMs` so that other replicas skip it meanwhile. */
  claimDue(now: number, limit: number, claimMs: number): Promise<string[]>;
  /** Re-arms the due time of a saga claimed but left unchanged, unless a newer version has set it already. */
  reschedule(sagaId: string, version: number, due: number | null): Promise<void>;
  /** Takes the semantic lock, or finds it held by another saga (and queues behind it when asked). */
  tryLock(key: string, sagaId: string, request: LockRequest): Promise<boolean>;
  /** Sagas started and not finished, across all replicas. */
  inFlight(): Promise<number>;
}

/** How long after a commit its outbox counts as abandoned by a dead process and is re-published. */
export const OUTBOX_GRACE_MS = 5000;
/** How long a finished saga is kept, so late replies and redelivered commands are still recognised. */
export const FINISHED_RETENTION_MS = 24 * 60 * 60 * 1000;

/** When a saga is due: its deadline, or the outbox's grace if sooner. Computed here, stored by the adapters. */
export function dueAt(deadline: number | null, outboxPending: boolean, now: number): number | null {
  if (!outboxPending) return deadline;
  const flush = now + OUTBOX_GRACE_MS;
  return deadline === null ? flush : Math.min(deadline, flush);
}
