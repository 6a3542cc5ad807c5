import { ratePolicies } from '@jobtrack/gateway';
import { gatewayEnv, sseLimitsFromConfig } from '@jobtrack/gateway/config';
import { jobPolicyFromConfig, jobServiceEnv, watchSettingsFromConfig } from '@jobtrack/job-service/config';
import { participantsEnv } from '@jobtrack/participants/config';
import { authEnv, type CommonConfig, env, jobServiceClientEnv } from '@jobtrack/platform';
import { sagaTimingEnv, sagaTimingFrom } from '@jobtrack/saga';
import { wsEnv, wsLimits } from '@jobtrack/ws-service/config';
import type { z } from 'zod';
import type { EmbeddedOptions } from './platform.ts';

/** Every service's variables, for one process that runs them all. */
export const embeddedEnv = {
  ...authEnv,
  ...jobServiceClientEnv,
  ...jobServiceEnv,
  ...gatewayEnv,
  ...wsEnv,
  ...participantsEnv,
  ...sagaTimingEnv,
  // The embedded runner is the try-it-on-a-laptop mode, so it mints its own tokens unless told otherwise.
  DEV_AUTH: env.booleanFlag.default(true),
};

export type EmbeddedConfig = CommonConfig & z.infer<z.ZodObject<typeof embeddedEnv>>;

/** The platform's settings from the environment; the adapters, auth and logger are the main's to give. */
export function embeddedSettings(
  config: EmbeddedConfig,
): Omit<EmbeddedOptions, 'adapters' | 'auth' | 'logger'> {
  return {
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
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
  };
}
