import './instrument.ts';
import { ratePolicies } from '@jobtrack/gateway';
import { gatewayEnv, sseLimitsFromConfig } from '@jobtrack/gateway/config';
import { jobPolicyFromConfig, jobServiceEnv, watchSettingsFromConfig } from '@jobtrack/job-service/config';
import { participantsEnv } from '@jobtrack/participants/config';
import {
  authEnv,
  authFromConfig,
  commonEnv,
  createLogger,
  env,
  jobServiceClientEnv,
  loadConfig,
  runMain,
} from '@jobtrack/platform';
import { sagaTimingEnv, sagaTimingFrom } from '@jobtrack/saga';
import { wsEnv, wsLimits } from '@jobtrack/ws-service/config';
import { createAdapters } from './adapters.ts';
import { startEmbeddedPlatform } from './platform.ts';

await runMain('jobtrack', async () => {
  const config = loadConfig({
    ...commonEnv,
    ...authEnv,
    ...jobServiceClientEnv,
    ...jobServiceEnv,
    ...gatewayEnv,
    ...wsEnv,
    ...participantsEnv,
    ...sagaTimingEnv,
    // The embedded runner is the try-it-on-a-laptop mode, so it mints its own tokens unless told otherwise.
    DEV_AUTH: env.booleanFlag.default(true),
  });
  const logger = createLogger({ name: 'jobtrack', level: config.LOG_LEVEL });
  const auth = await authFromConfig(config);
  const adapters = createAdapters({
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaClientId: config.KAFKA_CLIENT_ID ?? 'jobtrack-embedded',
    redisUrl: config.REDIS_URL,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  const platform = await startEmbeddedPlatform({
    adapters,
    logger,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    auth,
    ports: { http: config.HTTP_PORT, ws: config.WS_PORT, grpc: config.GRPC_PORT },
    jobService: {
      policy: jobPolicyFromConfig(config),
      sweepIntervalMs: config.JOB_SWEEP_INTERVAL_MS,
      watch: watchSettingsFromConfig(config),
    },
    maxBodyBytes: config.MAX_BODY_BYTES,
    gateway: {
      ratePolicies: ratePolicies(config),
      corsOrigins: config.CORS_ALLOWED_ORIGINS,
      demoWsUrl: config.DEMO_WS_URL,
      sse: sseLimitsFromConfig(config),
    },
    grpcTimeoutMs: config.GRPC_TIMEOUT_MS,
    participants: {
      names: config.PARTICIPANTS,
      latencyMs: config.PARTICIPANT_LATENCY_MS,
      failureRate: config.PARTICIPANT_FAILURE_RATE,
    },
    sagaTiming: sagaTimingFrom(config),
    ws: {
      allowedOrigins: config.WS_ALLOWED_ORIGINS,
      maxConnectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
      limits: wsLimits(config),
    },
  });
  logger.info(
    { mode: adapters.mode, devAuth: Boolean(auth.devIssuer), ...platform.ports },
    `jobtrack is up: REST http://127.0.0.1:${platform.ports.http}/v1/jobs, WebSocket ws://127.0.0.1:${platform.ports.ws}/ws`,
  );
  return { logger, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS, stop: () => platform.stop() };
});
