import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import {
  ALL_TOPICS,
  DEAD_LETTER_TOPIC,
  findJobType,
  type JobEvent,
  type MessageInput,
  type ParticipantReply,
  TOPICS,
} from '@jobtrack/contracts';
import { startMediaOrchestrator } from '@jobtrack/media';
import { startOrderOrchestrator } from '@jobtrack/order';
import { type AppliedCommand, PARTICIPANT_NAMES, startParticipants } from '@jobtrack/participants';
import {
  createLogger,
  createRedis,
  KafkaBus,
  type MessageBus,
  Messaging,
  type ReceivedMessage,
  type Running,
} from '@jobtrack/platform';
import { Collector, requireEnv } from '@jobtrack/platform/testing';
import { RedisSagaStore, type SagaTiming } from '@jobtrack/saga';
import type { Redis } from 'ioredis';
import { JobEventLog } from './job-event-log.ts';

/** A fast clock, with step timeouts still far above a Kafka round trip on a loaded machine. */
export const TEST_TIMING: SagaTiming = {
  stepTimeoutMs: 4000,
  initialBackoffMs: 50,
  maxBackoffMs: 200,
  lockLeaseMs: 30_000,
  timerPollMs: 20,
};

export type JobType = 'order.place' | 'media.process';

export interface SagaHarness {
  messaging: Messaging;
  events: JobEventLog;
  /** Participants' replies per job, in the order they were sent (a job's replies share a partition). */
  replies(jobId: string): ParticipantReply[];
  /** Every command a participant actually applied, in order. */
  applied: AppliedCommand[];
  deadLetters: Collector<ReceivedMessage>;
  submit(type: JobType, input: unknown, jobId?: string): Promise<string>;
  cancel(type: JobType, jobId: string, reason: string): Promise<void>;
  /** Publishes a reply as if from a participant, to show what the orchestrator makes of strays. */
  reply(type: JobType, reply: MessageInput<'jobtrack.events.v1.ParticipantReply'>, id: string): Promise<void>;
  stop(): Promise<void>;
}

const REPLY_TOPICS = { 'order.place': TOPICS.orderReplies, 'media.process': TOPICS.mediaReplies } as const;

/**
 * Both saga domains and the simulated participants on one bus and one Redis, with spies on job events,
 * replies and dead letters. `orchestrators: false` leaves the orchestrators to the test (e.g. as processes).
 */
export async function startSagaHarness(options: {
  bus: MessageBus;
  redis: Redis;
  topicPrefix: string;
  timing?: SagaTiming;
  orchestrators?: boolean;
}): Promise<SagaHarness> {
  const { bus, redis, topicPrefix } = options;
  const logger = createLogger({ name: 'saga-test', level: 'warn' });
  const messagingOf = (source: string) => new Messaging({ bus, source, topicPrefix, logger });
  const messaging = messagingOf('saga-test');
  await messaging.createTopics(ALL_TOPICS);
  const events = new JobEventLog();
  const replies = new Map<string, ParticipantReply[]>();
  const deadLetters = new Collector<ReceivedMessage>();
  const applied: AppliedCommand[] = [];
  const running: Running[] = [];
  const group = (name: string) => `${topicPrefix}${name}`;
  const timing = options.timing ?? TEST_TIMING;
  // Every consumer group joins at once: one after the other, the joins alone would take most of a minute.
  running.push(
    ...(await Promise.all([
      messaging.consume({
        groupId: group('spy-events'),
        topic: TOPICS.jobEvents,
        handle: async (event: JobEvent) => events.record(event),
      }),
      ...Object.values(REPLY_TOPICS).map((topic) =>
        messaging.consume({
          groupId: group(`spy-${topic.name}`),
          topic,
          handle: async (reply) => {
            const list = replies.get(reply.jobId) ?? [];
            list.push(reply);
            replies.set(reply.jobId, list);
          },
        }),
      ),
      bus.consume({
        groupId: group('spy-dead-letters'),
        topics: [messaging.topicName(DEAD_LETTER_TOPIC)],
        fromBeginning: true,
        handle: async (message) => deadLetters.push(message),
      }),
      startParticipants({
        messaging: messagingOf('participants'),
        logger,
        participants: PARTICIPANT_NAMES,
        latencyMs: 0,
        failureRate: 0,
        onApplied: (command) => applied.push(command),
      }),
      ...(options.orchestrators === false
        ? []
        : [
            startOrderOrchestrator({
              messaging: messagingOf('order-orchestrator'),
              logger,
              store: new RedisSagaStore(redis, { type: 'order.place' }),
              timing,
            }),
            startMediaOrchestrator({
              messaging: messagingOf('media-orchestrator'),
              logger,
              store: new RedisSagaStore(redis, { type: 'media.process' }),
              timing,
            }),
          ]),
    ])),
  );
  const commandTopic = (type: JobType) => {
    const jobType = findJobType(type);
    if (!jobType) throw new Error(`no job type ${type}`);
    return jobType.commandTopic;
  };
  return {
    messaging,
    events,
    replies: (jobId) => replies.get(jobId) ?? [],
    applied,
    deadLetters,
    async submit(type, input, jobId = `${type}-${randomUUID()}`) {
      await messaging.publish(
        commandTopic(type),
        jobId,
        { jobId, type, owner: 'alice', start: { inputJson: JSON.stringify(input) } },
        { id: `${jobId}:start` },
      );
      return jobId;
    },
    async cancel(type, jobId, reason) {
      await messaging.publish(
        commandTopic(type),
        jobId,
        { jobId, type, owner: 'alice', cancel: { reason } },
        { id: `${jobId}:cancel:${randomUUID()}` },
      );
    },
    async reply(type, reply, id) {
      await messaging.publish(REPLY_TOPICS[type], reply.jobId ?? '', reply, { id });
    },
    async stop() {
      for (const part of running.reverse()) await part.stop();
    },
  };
}

/** The real Kafka and Redis clients a saga test file talks through, each run under its own key prefix. */
export function connectInfra(name: string): { bus: KafkaBus; redis: Redis; close(): Promise<void> } {
  const logger = createLogger({ name, level: 'warn' });
  const bus = new KafkaBus({ brokers: requireEnv('KAFKA_BROKERS').split(','), clientId: name, logger });
  const redis = createRedis({
    url: requireEnv('REDIS_URL'),
    keyPrefix: `test:${randomUUID()}:`,
    logger,
    name,
  });
  return {
    bus,
    redis,
    async close() {
      await bus.close();
      await redis.quit();
    },
  };
}

/**
 * Registers a suite's before and after hooks: its own infra clients and a harness with both orchestrators.
 * The returned getter is valid inside the suite's tests.
 */
export function useSagaHarness(name: string): { harness(): SagaHarness; redis: Redis } {
  const infra = connectInfra(name);
  let harness: SagaHarness | undefined;
  before(async () => {
    harness = await startSagaHarness({
      bus: infra.bus,
      redis: infra.redis,
      topicPrefix: `test.${randomUUID()}.`,
    });
  });
  after(async () => {
    await harness?.stop();
    await infra.close();
  });
  return {
    redis: infra.redis,
    harness() {
      if (!harness) throw new Error('the saga harness is used outside its suite');
      return harness;
    },
  };
}
