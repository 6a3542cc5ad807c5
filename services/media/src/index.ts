import type { Running } from '@jobtrack/platform';
import { type SagaServiceDeps, startSagaService } from '@jobtrack/saga';
import { createMediaProcessSaga } from './media-saga.ts';

export { createMediaProcessSaga } from './media-saga.ts';

export const MEDIA_ORCHESTRATOR = 'media-orchestrator';

/** Runs media.process sagas: consumes media commands and participant replies, fires timers, until stopped. */
export function startMediaOrchestrator(deps: SagaServiceDeps): Promise<Running> {
  return startSagaService(MEDIA_ORCHESTRATOR, createMediaProcessSaga, deps);
}
