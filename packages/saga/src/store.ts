import { isFinished, type SagaInstance } from './machine.ts';

/**
 * Where saga instances live between messages. The orchestrator reads an instance, publishes the effects of a
 * transition, and only then saves the result, so a crash or a failed publish repeats the same effects (with the
 * same message ids) instead of losing them.
 */
export interface SagaStore {
  get(sagaId: string): Promise<SagaInstance | undefined>;
  save(instance: SagaInstance): Promise<void>;
}

/**
 * In-process state: a Map keyed by saga id (the job id). Sagas in flight are lost when the process stops; the
 * durable-state issue replaces this with a Redis store behind the same interface. Finished sagas are kept, up
 * to a bound, so a late duplicate reply or a redelivered start command is recognised instead of restarting.
 */
export class MemorySagaStore implements SagaStore {
  readonly #instances = new Map<string, SagaInstance>();
  /** Finished saga ids, oldest first, for eviction. */
  readonly #finished = new Set<string>();
  readonly #maxFinished: number;

  constructor(options: { maxFinished?: number } = {}) {
    this.#maxFinished = options.maxFinished ?? 10_000;
  }

  async get(sagaId: string): Promise<SagaInstance | undefined> {
    return this.#instances.get(sagaId);
  }

  async save(instance: SagaInstance): Promise<void> {
    this.#instances.set(instance.sagaId, instance);
    if (!isFinished(instance)) return;
    this.#finished.add(instance.sagaId);
    for (const oldest of this.#finished) {
      if (this.#finished.size <= this.#maxFinished) break;
      this.#finished.delete(oldest);
      this.#instances.delete(oldest);
    }
  }

  get size(): number {
    return this.#instances.size;
  }
}
