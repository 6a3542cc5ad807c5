import './instrument.ts';
import { createJobServiceApi } from '@jobtrack/contracts';
import {
  authEnv,
  authFromConfig,
  commonEnv,
  consumerSettingsFrom,
  createLogger,
  createRedis,
  Health,
  jobServiceClientEnv,
  KafkaBus,
  loadConfig,
  Messaging,
  requireInfra,
  runMain,
} from '@jobtrack/platform';
import { gatewayEnv, sseLimitsFromConfig } from './config.ts';
import { startGateway } from './gateway.ts';
import { createRedisRateLimiter, ratePolicies } from './rate-limit.ts';

await runMain('gateway', async () => {
  const config = loadConfig({ ...commonEnv, ...authEnv, ...jobServiceClientEnv, ...gatewayEnv });
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
  const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const { devIssuer, verifier } = await authFromConfig(config);
  if (devIssuer)
    logger.warn('DEV_AUTH is on: /v1/dev/token mints tokens for anyone; never enable it in production');
  const bus = new KafkaBus({
    brokers,
    clientId: config.KAFKA_CLIENT_ID ?? 'gateway',
    consumerSettings: consumerSettingsFrom(config),
    logger,
  });
  const messaging = new Messaging({ bus, source: 'gateway', topicPrefix: config.KAFKA_TOPIC_PREFIX, logger });
  const redis = createRedis({ url: redisUrl, keyPrefix: config.REDIS_KEY_PREFIX, logger, name: 'gateway' });
  const jobService = createJobServiceApi(config.JOB_SERVICE_ADDRESS, config.GRPC_TIMEOUT_MS);
  const gateway = await startGateway({
    jobService,
    messaging,
    verifier,
    devIssuer,
    demoWsUrl: config.DEMO_WS_URL,
    logger,
    // Redis is left out of readiness on purpose: without it the rate limit falls back to this instance.
    health: new Health(),
    port: config.HTTP_PORT,
    maxBodyBytes: config.MAX_BODY_BYTES,
    rateLimiter: createRedisRateLimiter({
      redis,
      policies: ratePolicies(config),
      timeoutMs: config.RATE_LIMIT_STORE_TIMEOUT_MS,
      logger,
    }),
    corsOrigins: config.CORS_ALLOWED_ORIGINS,
    sse: sseLimitsFromConfig(config),
  });
  // Serves (not ready) meanwhile; connect() waits for a starting cluster and throws only what no retry fixes.
  bus.connect().catch((error: unknown) => logger.error({ err: error }, 'Kafka refused this client'));
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      await gateway.stop();
      jobService.close();
      await bus.close();
      await redis.quit();
    },
  };
});
