import {
  ALL_TOPICS,
  DEAD_LETTER_TOPIC,
  type JobEvent,
  type OrderPlaceInput,
  type ParticipantReply,
  TOPICS,
} from '@jobtrack/contracts';
import { PARTICIPANT_NAMES, startParticipants } from '@jobtrack/participants';
import { createLogger, type MessageBus, Messaging, type ReceivedMessage } from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import { startOrderOrchestrator } from '../../src/index.ts';

export const ORDER: OrderPlaceInput = {
  orderId: 'o-42',
  items: [
    { sku: 'book', quantity: 1 },
    { sku: 'pen', quantity: 3 },
  ],
  amountCents: 2599,
  currency: 'EUR',
};

/** Collectors per job id, created on first use, so each test awaits only its own job's messages. */
class PerJob<T> {
  readonly #collectors = new Map<string, Collector<T>>();

  of(jobId: string): Collector<T> {
    let collector = this.#collectors.get(jobId);
    if (!collector) {
      collector = new Collector<T>();
      this.#collectors.set(jobId, collector);
    }
    return collector;
  }
}

export interface OrderHarness {
  messaging: Messaging;
  events: PerJob<JobEvent>;
  /** Participants' replies, in the order they were sent: one job's replies share a partition. */
  replies: PerJob<ParticipantReply>;
  deadLetters: Collector<ReceivedMessage>;
  submit(jobId: string, input: unknown): Promise<void>;
  stop(): Promise<void>;
}

/** The order orchestrator and the simulated participants on one bus, with spies on events and replies. */
export async function startOrderHarness(bus: MessageBus, topicPrefix = ''): Promise<OrderHarness> {
  const logger = createLogger({ name: 'order-test', level: 'silent' });
  const messaging = new Messaging({ bus, source: 'order-test', topicPrefix, logger });
  await messaging.createTopics(ALL_TOPICS);
  const events = new PerJob<JobEvent>();
  const replies = new PerJob<ParticipantReply>();
  const deadLetters = new Collector<ReceivedMessage>();
  const spies = [
    await messaging.consume({
      groupId: 'spy-events',
      topic: TOPICS.jobEvents,
      handle: async (event) => events.of(event.jobId).push(event),
    }),
    await messaging.consume({
      groupId: 'spy-replies',
      topic: TOPICS.orderReplies,
      handle: async (reply) => replies.of(reply.jobId).push(reply),
    }),
    await bus.consume({
      groupId: 'spy-dead-letters',
      topics: [messaging.topicName(DEAD_LETTER_TOPIC)],
      fromBeginning: true,
      handle: async (message) => deadLetters.push(message),
    }),
  ];
  const orchestrator = await startOrderOrchestrator({ messaging, logger });
  const participants = await startParticipants({
    messaging,
    logger,
    participants: PARTICIPANT_NAMES,
    latencyMs: 0,
    failureRate: 0,
  });
  return {
    messaging,
    events,
    replies,
    deadLetters,
    submit: (jobId, input) =>
      messaging.publish(TOPICS.orderCommands, jobId, {
        jobId,
        type: 'order.place',
        owner: 'alice',
        start: { inputJson: JSON.stringify(input) },
      }),
    async stop() {
      await orchestrator.stop();
      await participants.stop();
      for (const spy of spies) await spy.stop();
    },
  };
}

/** (seq, status, step, percent) of each event: the shape a client watching the job sees. */
export function summarize(events: readonly JobEvent[]): Array<[number, string, string, number]> {
  return events.map((e) => [Number(e.seq), e.status, e.progress?.step ?? '', e.progress?.percent ?? -1]);
}

/** The compensations participants carried out, in order. */
export function compensations(replies: readonly ParticipantReply[]): string[] {
  return replies.filter((r) => r.action === 'STEP_ACTION_COMPENSATE').map((r) => r.step);
}

export const HAPPY_PATH: Array<[number, string, string, number]> = [
  [1, 'JOB_STATUS_RUNNING', 'reserve_stock', 0],
  [2, 'JOB_STATUS_RUNNING', 'reserve_stock', 33],
  [3, 'JOB_STATUS_RUNNING', 'authorize_payment', 33],
  [4, 'JOB_STATUS_RUNNING', 'authorize_payment', 67],
  [5, 'JOB_STATUS_RUNNING', 'schedule_shipping', 67],
  [6, 'JOB_STATUS_RUNNING', 'schedule_shipping', 100],
  [7, 'JOB_STATUS_SUCCEEDED', 'schedule_shipping', 100],
];

export const EXPECTED_RESULT = (jobId: string) => ({
  reserve_stock: { reservationId: `res-${jobId}` },
  authorize_payment: { authorizationId: `auth-${jobId}` },
  schedule_shipping: { shipmentId: `ship-${jobId}` },
});
