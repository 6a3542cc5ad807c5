import './instrument.ts';
import { runSagaServiceMain } from '@jobtrack/saga';
import { createMediaProcessSaga, MEDIA_ORCHESTRATOR } from './index.ts';

await runSagaServiceMain({ service: MEDIA_ORCHESTRATOR, saga: createMediaProcessSaga, metricsPort: 9105 });
