import type { Running } from '@jobtrack/platform';
import { SagaOrchestrator, type SagaOrchestratorOptions } from './orchestrator.ts';

export interface StartSagaOrchestratorOptions extends SagaOrchestratorOptions {
  /** Consumer group of the job commands. */
  groupId: string;
  /** Consumer group of the replies. */
  replyGroupId: string;
}

/** Consumes job commands and replies for one saga definition, and fires its timers, until stopped. */
export async function startSagaOrchestrator(options: StartSagaOrchestratorOptions): Promise<Running> {
  const orchestrator = new SagaOrchestrator(options);
  const { messaging, definition } = options;
  const running: Running[] = [];
  const stop = async () => {
    for (const part of running.reverse()) await part.stop();
    await orchestrator.stop();
  };
  try {
    // Replies first: a saga started by the first command must find its replies consumed.
    running.push(
      await messaging.consume({
        groupId: options.replyGroupId,
        topic: definition.replyTopic,
        handle: (reply) => orchestrator.reply(reply),
      }),
    );
    running.push(
      await messaging.consume({
        groupId: options.groupId,
        topic: definition.commandTopic,
        handle: (command) => orchestrator.command(command),
      }),
    );
    orchestrator.startTimers();
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
