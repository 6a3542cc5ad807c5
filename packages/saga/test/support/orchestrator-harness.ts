import {
  ALL_TOPICS,
  DEAD_LETTER_TOPIC,
  fromProtoStatus,
  isTerminal,
  type JobEvent,
  type MessageInput,
  type ParticipantCommand,
  type ParticipantReply,
  TOPICS,
} from '@jobtrack/contracts';
import {
  type BusConsumer,
  type BusMessage,
  type ConsumerOptions,
  createLogger,
  MemoryBus,
  type MessageBus,
  type MessageMeta,
  Messaging,
  type ReceivedMessage,
  type Running,
  type TopicSpec,
} from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import { MemorySagaStore, type SagaDefinition, startSagaOrchestrator } from '../../src/index.ts';

type Reply = MessageInput<'jobtrack.events.v1.ParticipantReply'>;

export interface ReceivedCommand {
  command: ParticipantCommand;
  meta: MessageMeta;
}

/** What the scripted participants answer to a command; an empty list leaves the command unanswered. */
export type Script = (received: ReceivedCommand) => Reply[];

/** A MemoryBus whose next publish to a chosen topic fails, as a broker hiccup would. */
export class FlakyBus implements MessageBus {
  readonly #inner = new MemoryBus();
  readonly #failing = new Set<string>();
  failures = 0;

  failNextPublishTo(topic: string): void {
    this.#failing.add(topic);
  }

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    return this.#inner.createTopics(topics);
  }

  async publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    if (this.#failing.delete(topic)) {
      this.failures += 1;
      throw new Error(`broker unavailable for ${topic}`);
    }
    await this.#inner.publish(topic, messages);
  }

  consume(options: ConsumerOptions): Promise<BusConsumer> {
    return this.#inner.consume(options);
  }

  isHealthy(): boolean {
    return this.#inner.isHealthy();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

export const PARTICIPANT_TOPICS = [TOPICS.inventoryCommands, TOPICS.paymentCommands, TOPICS.shippingCommands];

export const logger = createLogger({ name: 'saga-test', level: 'silent' });

export function success({ command, meta }: ReceivedCommand, resultJson = ''): Reply {
  return {
    sagaId: command.sagaId,
    jobId: command.jobId,
    step: command.step,
    action: command.action,
    commandId: meta.id,
    outcome: 'REPLY_OUTCOME_SUCCESS',
    resultJson,
  };
}

export function failure(received: ReceivedCommand, errorCode: string, reason: string): Reply {
  return { ...success(received), outcome: 'REPLY_OUTCOME_FAILURE', errorCode, reason };
}

/**
 * One orchestrator over an in-memory bus and store, with scripted participants on the order topics and spies
 * on the job events, the replies and the dead-letter topic.
 */
export class OrchestratorHarness {
  readonly bus = new FlakyBus();
  readonly messaging = new Messaging({ bus: this.bus, source: 'saga-test', logger });
  readonly store = new MemorySagaStore();
  readonly commands = new Collector<ReceivedCommand>();
  readonly events = new Collector<{ event: JobEvent; meta: MessageMeta }>();
  /** The last event of each job that finished, in the order they finished. */
  readonly finished = new Collector<JobEvent>();
  readonly replies = new Collector<{ reply: ParticipantReply; meta: MessageMeta }>();
  readonly deadLetters = new Collector<ReceivedMessage>();
  /** Replaced by a test to make a participant fail, stay silent or misbehave; by default all succeed. */
  script: Script = (received) => [success(received, JSON.stringify({ by: received.command.step }))];
  #running: Running | undefined;

  async start(definition: SagaDefinition): Promise<void> {
    const { messaging } = this;
    await messaging.createTopics(ALL_TOPICS);
    for (const topic of PARTICIPANT_TOPICS) {
      await messaging.consume({
        groupId: `participant-${topic.name}`,
        topic,
        handle: async (command, meta) => {
          const received = { command, meta };
          this.commands.push(received);
          for (const reply of this.script(received)) await this.reply(reply);
        },
      });
    }
    await messaging.consume({
      groupId: 'spy-events',
      topic: TOPICS.jobEvents,
      handle: async (event, meta) => {
        this.events.push({ event, meta });
        const status = fromProtoStatus(event.status);
        if (status && isTerminal(status)) this.finished.push(event);
      },
    });
    await messaging.consume({
      groupId: 'spy-replies',
      topic: TOPICS.orderReplies,
      handle: async (reply, meta) => this.replies.push({ reply, meta }),
    });
    await this.bus.consume({
      groupId: 'spy-dead-letters',
      topics: [messaging.topicName(DEAD_LETTER_TOPIC)],
      fromBeginning: true,
      handle: async (message) => this.deadLetters.push(message),
    });
    this.#running = await startSagaOrchestrator({
      definition,
      messaging,
      logger,
      store: this.store,
      timers: { pollIntervalMs: 5 },
      groupId: 'orchestrator',
      replyGroupId: 'orchestrator-replies',
    });
  }

  async stop(): Promise<void> {
    await this.#running?.stop();
    await this.bus.close();
  }

  reply(reply: Reply): Promise<void> {
    return this.messaging.publish(TOPICS.orderReplies, reply.jobId ?? '', reply);
  }

  submit(jobId: string, input: unknown, type = 'order.place'): Promise<void> {
    return this.messaging.publish(TOPICS.orderCommands, jobId, {
      jobId,
      type,
      owner: 'alice',
      start: { inputJson: JSON.stringify(input) },
    });
  }

  cancel(jobId: string, reason: string): Promise<void> {
    return this.messaging.publish(TOPICS.orderCommands, jobId, {
      jobId,
      type: 'order.place',
      owner: 'alice',
      cancel: { reason },
    });
  }

  /** The events of one job so far, in the order they were consumed. */
  eventsOf(jobId: string): JobEvent[] {
    return this.events.items.filter(({ event }) => event.jobId === jobId).map(({ event }) => event);
  }

  commandsOf(jobId: string): ReceivedCommand[] {
    return this.commands.items.filter(({ command }) => command.jobId === jobId);
  }
}
