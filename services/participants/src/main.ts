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
import { participantsEnv } from './config.ts';
import { startParticipants } from './index.ts';

await runMain('participants', async () => {
  const config = loadConfig({ ...commonEnv, ...participantsEnv, METRICS_PORT: env.port.default(9104) });
  const logger = createLogger({ name: 'participants', level: config.LOG_LEVEL });
  const messaging = await connectKafkaMessaging({
    service: 'participants',
    brokers: requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is'),
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  const participants = await startParticipants({
    messaging,
    logger,
    participants: config.PARTICIPANTS,
    latencyMs: config.PARTICIPANT_LATENCY_MS,
    failureRate: config.PARTICIPANT_FAILURE_RATE,
  });
  const health = new Health();
  health.addCheck('message_bus', () => messaging.bus.isHealthy());
  const operational = await startOperationalServer(health, config.METRICS_PORT);
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      health.startDraining();
      await participants.stop();
      await operational.stop();
      await messaging.bus.close();
    },
  };
});
