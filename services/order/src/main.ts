import './instrument.ts';
import {
  commonEnv,
  connectKafkaMessaging,
  createLogger,
  env,
  Health,
  loadConfig,
  requireInfra,
  runMain,
  startOperationalServer,
} from '@jobtrack/platform';
import { startOrderOrchestrator } from './orchestrator.ts';

await runMain('order-orchestrator', async () => {
  const config = loadConfig({ ...commonEnv, METRICS_PORT: env.port.default(9103) });
  const logger = createLogger({ name: 'order-orchestrator', level: config.LOG_LEVEL });
  const messaging = await connectKafkaMessaging({
    service: 'order-orchestrator',
    brokers: requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is'),
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  const orchestrator = await startOrderOrchestrator({ messaging, logger });
  const health = new Health();
  health.addCheck('message_bus', () => messaging.bus.isHealthy());
  const operational = await startOperationalServer(health, config.METRICS_PORT);
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      health.startDraining();
      await orchestrator.stop();
      await operational.stop();
      await messaging.bus.close();
    },
  };
});
