import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  fromProtoStatus,
  isTerminal,
  type JobEvent,
  type JobStatusName,
  ORDER_PLACE_PARTICIPANT_STEPS,
  type OrderPlaceInput,
  TOPICS,
} from '@jobtrack/contracts';
import type { BusConsumer, Messaging } from '@jobtrack/platform';

/** A valid order.place input. Each saga has its own order id: the saga holds a semantic lock on it. */
export function orderInput(orderId: string): OrderPlaceInput {
  return {
    orderId,
    items: [
      { sku: 'sku-book-1', quantity: 2 },
      { sku: 'sku-pen-7', quantity: 1 },
    ],
    amountCents: 4999,
    currency: 'EUR',
  };
}

/** How one saga ended, as the job events it published tell it. */
export interface SagaOutcome {
  status: JobStatusName;
  /** From the start command's publish to the arrival of the terminal job event. */
  latencyMs: number;
  /**
   * Per step, the time between the arrivals of its first event (published with the step's command) and of its
   * last RUNNING event (published once the step's reply was applied). Both cross the same hop to this process,
   * so the difference is the step as the orchestrator lived it.
   */
  stepsMs: Map<string, number>;
}

interface Arrived {
  at: number;
  step: string;
  status: string;
}

interface Pending {
  sentAt: number;
  events: Arrived[];
  resolve: (outcome: SagaOutcome) => void;
}

function stepDurations(events: readonly Arrived[]): Map<string, number> {
  const first = new Map<string, number>();
  const lastRunning = new Map<string, number>();
  for (const event of events) {
    if (!first.has(event.step)) first.set(event.step, event.at);
    if (event.status === 'JOB_STATUS_RUNNING') lastRunning.set(event.step, event.at);
  }
  const durations = new Map<string, number>();
  for (const [step, startedAt] of first) {
    const endedAt = lastRunning.get(step);
    if (endedAt !== undefined) durations.set(step, endedAt - startedAt);
  }
  return durations;
}

/** The step timings of the sagas of one run: participant steps, local steps, and each step by name. */
export class StepTimings {
  readonly participant: number[] = [];
  readonly local: number[] = [];
  readonly byStep = new Map<string, number[]>();

  add(steps: ReadonlyMap<string, number>): void {
    for (const [step, durationMs] of steps) {
      const isParticipant = (ORDER_PLACE_PARTICIPANT_STEPS as readonly string[]).includes(step);
      (isParticipant ? this.participant : this.local).push(durationMs);
      const list = this.byStep.get(step) ?? [];
      list.push(durationMs);
      this.byStep.set(step, list);
    }
  }
}

/**
 * Submits order.place sagas as the gateway does (a start command on the order command topic, keyed and
 * identified by the job id) and follows them on the job event topic until each reaches a terminal status.
 */
export class SagaClient {
  readonly #messaging: Messaging;
  readonly #runId: string;
  readonly #pending = new Map<string, Pending>();
  readonly finished = new Map<JobStatusName, number>();
  #consumer: BusConsumer | undefined;

  private constructor(messaging: Messaging, runId: string) {
    this.#messaging = messaging;
    this.#runId = runId;
  }

  static async start(messaging: Messaging, runId: string): Promise<SagaClient> {
    const client = new SagaClient(messaging, runId);
    client.#consumer = await messaging.consume({
      groupId: 'bench-job-events',
      topic: TOPICS.jobEvents,
      handle: async (event) => client.#onEvent(event),
    });
    return client;
  }

  /** Starts saga `n` and resolves when its job reaches a terminal status. */
  run(n: number): Promise<SagaOutcome> {
    const jobId = randomUUID();
    return new Promise<SagaOutcome>((resolve, reject) => {
      this.#pending.set(jobId, { sentAt: performance.now(), events: [], resolve });
      this.#messaging
        .publish(
          TOPICS.orderCommands,
          jobId,
          {
            jobId,
            type: 'order.place',
            owner: 'bench',
            start: { inputJson: JSON.stringify(orderInput(`${this.#runId}-order-${n}`)) },
          },
          { id: `${jobId}:start` },
        )
        .catch((error: unknown) => {
          this.#pending.delete(jobId);
          reject(error);
        });
    });
  }

  #onEvent(event: JobEvent): void {
    const pending = this.#pending.get(event.jobId);
    if (!pending) return;
    const at = performance.now();
    pending.events.push({ at, step: event.progress?.step ?? '', status: event.status });
    const status = fromProtoStatus(event.status);
    if (!status || !isTerminal(status)) return;
    this.#pending.delete(event.jobId);
    this.finished.set(status, (this.finished.get(status) ?? 0) + 1);
    pending.resolve({ status, latencyMs: at - pending.sentAt, stepsMs: stepDurations(pending.events) });
  }

  /** Where the sagas still running stand, by their last event: what a stalled run reports. */
  describePending(): string {
    const byLast = new Map<string, number>();
    for (const { events } of this.#pending.values()) {
      const last = events.at(-1);
      const where = last ? `${last.status} at ${last.step} (${events.length} events)` : 'no event yet';
      byLast.set(where, (byLast.get(where) ?? 0) + 1);
    }
    const parts = [...byLast].sort((a, b) => b[1] - a[1]).map(([where, count]) => `${count} × ${where}`);
    return `${this.#pending.size} sagas unfinished, by their last job event: ${parts.join('; ')}`;
  }

  async stop(): Promise<void> {
    await this.#consumer?.stop();
  }
}
