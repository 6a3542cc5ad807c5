import { TOPICS } from '@jobtrack/contracts';
import type { BusConsumer, Messaging } from '@jobtrack/platform';
import { epochMs, stampOf } from './clock.ts';

/**
 * Where a stamped progress report is along the full path: the bench reads the job events (what the orchestrator
 * made of the replies) and the job updates (what the job service made of the events) in groups of its own, from
 * the end of each topic when it starts, and times each stamped message's arrival, as it would reach any other
 * consumer of those topics.
 */
export class StageClock {
  readonly events: number[] = [];
  readonly updates: number[] = [];
  #recording = false;
  readonly #consumers: BusConsumer[] = [];

  static async start(messaging: Messaging, groupPrefix: string): Promise<StageClock> {
    const clock = new StageClock();
    const record = (into: number[], message: string | undefined) => {
      const sentAt = stampOf(message);
      if (clock.#recording && sentAt !== undefined) into.push(epochMs() - sentAt);
    };
    clock.#consumers.push(
      await messaging.consume({
        groupId: `${groupPrefix}-job-events`,
        topic: TOPICS.jobEvents,
        fromBeginning: false,
        handle: async (event) => record(clock.events, event.progress?.message),
      }),
      await messaging.consume({
        groupId: `${groupPrefix}-job-updates`,
        topic: TOPICS.jobUpdates,
        fromBeginning: false,
        handle: async (update) => record(clock.updates, update.progress?.message),
      }),
    );
    return clock;
  }

  /** Starts a new recording; the arrays hold only this run's arrivals. */
  record(): void {
    this.events.length = 0;
    this.updates.length = 0;
    this.#recording = true;
  }

  pause(): void {
    this.#recording = false;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#consumers.map((consumer) => consumer.stop()));
  }
}
