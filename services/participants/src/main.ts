import './instrument.ts';
import { commonEnv, createLogger, env, loadConfig, runMain, startKafkaWorker } from '@jobtrack/platform';
import { participantsEnv } from './config.ts';
import { startParticipants } from './index.ts';

await runMain('participants', async () => {
  const config = loadConfig({ ...commonEnv, ...participantsEnv, METRICS_PORT: env.port.default(9104) });
  const logger = createLogger({ name: 'participants', level: config.LOG_LEVEL });
  return startKafkaWorker({
    service: 'participants',
    config,
    logger,
    start: (messaging) =>
      startParticipants({
        messaging,
        logger,
        participants: config.PARTICIPANTS,
        latencyMs: config.PARTICIPANT_LATENCY_MS,
        failureRate: config.PARTICIPANT_FAILURE_RATE,
      }),
  });
});
