import './instrument.ts';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createJobServiceApi } from '@jobtrack/contracts';
import {
  authEnv,
  commonEnv,
  connectKafkaMessaging,
  consumerSettingsFrom,
  createLogger,
  createRedis,
  createTokenVerifier,
  Health,
  jobServiceClientEnv,
  loadConfig,
  redisReady,
  remoteKeySet,
  requireInfra,
  runMain,
} from '@jobtrack/platform';
import { MemoryBroker } from './broker/memory-broker.ts';
import { wsEnv, wsLimits } from './config.ts';
import { GrpcJobLookup } from './job-lookup/grpc-job-lookup.ts';
import { SOCKET_REGISTRY_TTL_MS } from './registry/port.ts';
import { RedisSocketRegistry } from './registry/redis-registry.ts';
import { startWsService } from './ws-service.ts';

/** Registry entries outlive a dead replica by at most this; live ones are refreshed every third of it. */

await runMain('ws-service', async () => {
  const config = loadConfig({ ...commonEnv, ...authEnv, ...jobServiceClientEnv, ...wsEnv });
  const brokers = requireInfra(config.KAFKA_BROKERS, 'KAFKA_BROKERS is');
  const redisUrl = requireInfra(config.REDIS_URL, 'REDIS_URL is');
  // Tokens are minted elsewhere (DEV_AUTH keys live in the gateway's process), so only a JWKS URL will do.
  const jwksUrl = requireInfra(config.AUTH_JWKS_URL, 'AUTH_JWKS_URL is');
  const logger = createLogger({ name: 'ws-service', level: config.LOG_LEVEL });
  // A pod's hostname is unique but a container's pid is often 1; the suffix keeps a restart out of the old group.
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const messaging = await connectKafkaMessaging({
    service: 'ws-service',
    brokers,
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    consumerSettings: consumerSettingsFrom(config),
    logger,
  });
  const redis = createRedis({
    url: redisUrl,
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
    name: 'ws-service',
  });
  await redisReady(redis, logger);
  const jobService = createJobServiceApi(config.JOB_SERVICE_ADDRESS, config.GRPC_TIMEOUT_MS);
  const health = new Health();
  health.addCheck('kafka', () => messaging.bus.isHealthy());
  health.addCheck('redis', () => redis.status === 'ready');
  const service = await startWsService({
    messaging,
    registry: new RedisSocketRegistry({ redis, ttlMs: SOCKET_REGISTRY_TTL_MS }),
    broker: new MemoryBroker(),
    verifier: createTokenVerifier({
      keys: remoteKeySet(jwksUrl),
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      permissionsClaim: config.AUTH_PERMISSIONS_CLAIM,
    }),
    jobs: new GrpcJobLookup(jobService),
    logger,
    health,
    port: config.WS_PORT,
    instanceId,
    consumerGroup: config.WS_CONSUMER_GROUP,
    allowedOrigins: config.WS_ALLOWED_ORIGINS,
    maxConnectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
    limits: wsLimits(config),
  });
  return {
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      await service.stop();
      jobService.close();
      await messaging.bus.close();
      await redis.quit();
    },
  };
});
