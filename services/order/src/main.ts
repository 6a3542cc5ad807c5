import './instrument.ts';
import { runSagaServiceMain } from '@jobtrack/saga';
import { createOrderPlaceSaga, ORDER_ORCHESTRATOR } from './index.ts';

await runSagaServiceMain({ service: ORDER_ORCHESTRATOR, saga: createOrderPlaceSaga, metricsPort: 9103 });
