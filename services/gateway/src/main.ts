import './instrument.ts';
import { createJobServiceApi } from '@jobtrack/contracts';
import { authEnv, authFromConfig, jobServiceClientEnv, runService } from '@jobtrack/platform';
import { gatewayEnv, sseLimitsFromConfig } from './config.ts';
import { startGateway } from './gateway.ts';
import { createRedisRateLimiter, ratePolicies } from './rate-limit.ts';

await runService('gateway', { ...authEnv, ...jobServiceClientEnv, ...gatewayEnv }, async (service) => {
  const { config, logger, onStop } = service;
  const { devIssuer, verifier } = await authFromConfig(config);
  if (devIssuer)
    logger.warn('DEV_AUTH is on: /v1/dev/token mints tokens for anyone; never enable it in production');
  // The gateway serves (not ready) while Kafka comes up.
  const messaging = await service.kafka({ background: true });
  // Without Redis the rate limit falls back to this instance, so Redis is not part of readiness.
  const redis = await service.redis({ optional: true });
  const jobService = createJobServiceApi(config.JOB_SERVICE_ADDRESS, config.GRPC_TIMEOUT_MS);
  onStop(() => jobService.close());
  const gateway = await startGateway({
    jobService,
    messaging,
    verifier,
    devIssuer,
    demoWsUrl: config.DEMO_WS_URL,
    logger,
    health: service.health,
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
  onStop(() => gateway.stop());
});
