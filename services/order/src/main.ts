import './instrument.ts';
import { commonEnv, createLogger, env, loadConfig, runMain, startKafkaWorker } from '@jobtrack/platform';
import { startOrderOrchestrator } from './orchestrator.ts';

await runMain('order-orchestrator', async () => {
  const config = loadConfig({ ...commonEnv, METRICS_PORT: env.port.default(9103) });
  const logger = createLogger({ name: 'order-orchestrator', level: config.LOG_LEVEL });
  return startKafkaWorker({
    service: 'order-orchestrator',
    config,
    logger,
    start: (messaging) => startOrderOrchestrator({ messaging, logger }),
  });
});
