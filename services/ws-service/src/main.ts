import './instrument.ts';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createJobServiceApi } from '@jobtrack/contracts';
import {
  authEnv,
  createTokenVerifier,
  jobServiceClientEnv,
  remoteKeySet,
  requireInfra,
  runService,
} from '@jobtrack/platform';
import { MemoryBroker } from './broker/memory-broker.ts';
import { wsEnv, wsLimits } from './config.ts';
import { GrpcJobLookup } from './job-lookup/grpc-job-lookup.ts';
import { SOCKET_REGISTRY_TTL_MS } from './registry/port.ts';
import { RedisSocketRegistry } from './registry/redis-registry.ts';
import { startWsService } from './ws-service.ts';

await runService('ws-service', { ...authEnv, ...jobServiceClientEnv, ...wsEnv }, async (service) => {
  const { config, logger, onStop } = service;
  // Tokens are minted elsewhere (DEV_AUTH keys live in the gateway's process), so only a JWKS URL will do.
  const jwksUrl = requireInfra(config.AUTH_JWKS_URL, 'AUTH_JWKS_URL is');
  const messaging = await service.kafka();
  const redis = await service.redis();
  const jobService = createJobServiceApi(config.JOB_SERVICE_ADDRESS, config.GRPC_TIMEOUT_MS);
  onStop(() => jobService.close());
  const wsService = await startWsService({
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
    health: service.health,
    port: config.WS_PORT,
    // A pod's hostname is unique but a container's pid is often 1; the suffix keeps a restart out of the old group.
    instanceId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    consumerGroup: config.WS_CONSUMER_GROUP,
    allowedOrigins: config.WS_ALLOWED_ORIGINS,
    maxConnectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
    limits: wsLimits(config),
  });
  onStop(() => wsService.stop());
});
