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
import { participantsEnv } from './config.ts';
import { startParticipants } from './index.ts';

await runMain('participants', async () => {
  const config = loadConfig({ ...commonEnv, ...participantsEnv, METRICS_PORT: env.port.default(9104) });
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const logger = createLogger({ name: 'participants', level: config.LOG_LEVEL });
  const health = new Health();
  const bus = new KafkaBus({ brokers, clientId: config.KAFKA_CLIENT_ID ?? 'participants', logger });
  const messaging = new Messaging({
    bus,
    source: 'participants',
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  await bus.connect();
  const participants = await startParticipants({
    messaging,
    logger,
    participants: config.PARTICIPANTS,
    latencyMs: config.PARTICIPANT_LATENCY_MS,
    failureRate: config.PARTICIPANT_FAILURE_RATE,
  });
  health.addCheck('message_bus', () => bus.isHealthy());
  const operational = createOperationalServer(health);
  await listen(operational, config.METRICS_PORT);
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      health.startDraining();
      await participants.stop();
      await closeServer(operational);
      await bus.close();
    },
  };
});
