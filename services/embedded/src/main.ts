import './instrument.ts';
import { authFromConfig, runService } from '@jobtrack/platform';
import { createAdapters } from './adapters.ts';
import { embeddedEnv, embeddedSettings } from './config.ts';
import { startEmbeddedPlatform } from './platform.ts';

await runService('jobtrack', embeddedEnv, async (service) => {
  const { config, logger } = service;
  const auth = await authFromConfig(config);
  const adapters = createAdapters({
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaClientId: config.KAFKA_CLIENT_ID ?? 'jobtrack-embedded',
    redisUrl: config.REDIS_URL,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  // The platform closes the adapters when it stops.
  const platform = await startEmbeddedPlatform({ adapters, auth, logger, ...embeddedSettings(config) });
  service.onStop(() => platform.stop());
  logger.info(
    { mode: adapters.mode, devAuth: Boolean(auth.devIssuer), ...platform.ports },
    `jobtrack is up: REST http://127.0.0.1:${platform.ports.http}/v1/jobs, WebSocket ws://127.0.0.1:${platform.ports.ws}/ws`,
  );
});
