import { ALL_TOPICS, TOPICS } from '@jobtrack/contracts';
import type { Logger, Messaging, Running } from '@jobtrack/platform';
import { startSagaOrchestrator } from '@jobtrack/saga';
import { orderPlaceSaga } from './order-saga.ts';

export interface OrderOrchestratorDeps {
  messaging: Messaging;
  logger: Logger;
}

/** Runs order.place sagas: consumes order start commands and participant replies until stopped. */
export async function startOrderOrchestrator(deps: OrderOrchestratorDeps): Promise<Running> {
  await deps.messaging.createTopics(ALL_TOPICS);
  return startSagaOrchestrator({
    definition: orderPlaceSaga,
    messaging: deps.messaging,
    logger: deps.logger,
    commandTopic: TOPICS.orderCommands,
    replyTopic: TOPICS.orderReplies,
    groupId: 'order-orchestrator',
    replyGroupId: 'order-orchestrator-replies',
  });
}
