import './instrument.ts';
import {
  closeServer,
  commonEnv,
  createLogger,
  createOperationalServer,
  env,
  Health,
  KafkaBus,
  listen,
  loadConfig,
  Messaging,
  requireInfra,
  runMain,
} from '@jobtrack/platform';
import { startOrderOrchestrator } from './orchestrator.ts';

await runMain('order-orchestrator', async () => {
  const config = loadConfig({ ...commonEnv, METRICS_PORT: env.port.default(9103) });
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const logger = createLogger({ name: 'order-orchestrator', level: config.LOG_LEVEL });
  const health = new Health();
  const bus = new KafkaBus({ brokers, clientId: config.KAFKA_CLIENT_ID ?? 'order-orchestrator', logger });
  const messaging = new Messaging({
    bus,
    source: 'order-orchestrator',
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  await bus.connect();
  const orchestrator = await startOrderOrchestrator({ messaging, logger });
  health.addCheck('message_bus', () => bus.isHealthy());
  const operational = createOperationalServer(health);
  await listen(operational, config.METRICS_PORT);
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      health.startDraining();
      await orchestrator.stop();
      await closeServer(operational);
      await bus.close();
    },
  };
});
