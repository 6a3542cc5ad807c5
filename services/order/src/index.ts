import type { Running } from '@jobtrack/platform';
import { type SagaServiceDeps, startSagaService } from '@jobtrack/saga';
import { createOrderPlaceSaga } from './order-saga.ts';

export { createOrderPlaceSaga } from './order-saga.ts';

export const ORDER_ORCHESTRATOR = 'order-orchestrator';

/** Runs order.place sagas: consumes order commands and participant replies, fires timers, until stopped. */
export function startOrderOrchestrator(deps: SagaServiceDeps): Promise<Running> {
  return startSagaService(ORDER_ORCHESTRATOR, createOrderPlaceSaga, deps);
}
