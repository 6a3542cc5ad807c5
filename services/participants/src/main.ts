import './instrument.ts';
import { env, runService } from '@jobtrack/platform';
import { participantsEnv } from './config.ts';
import { startParticipants } from './index.ts';

await runService(
  'participants',
  { ...participantsEnv, METRICS_PORT: env.port.default(9104) },
  async (service) => {
    const { config, logger } = service;
    await service.serveOperational(config.METRICS_PORT);
    const participants = await startParticipants({
      messaging: await service.kafka(),
      logger,
      participants: config.PARTICIPANTS,
      latencyMs: config.PARTICIPANT_LATENCY_MS,
      failureRate: config.PARTICIPANT_FAILURE_RATE,
    });
    service.onStop(() => participants.stop());
  },
);
