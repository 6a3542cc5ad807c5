import { randomBytes } from 'node:crypto';
import { createJobServiceApi } from '@jobtrack/contracts';
import {
  createMemoryRateLimiter,
  type GatewayDeps,
  type RatePolicies,
  startGateway,
} from '@jobtrack/gateway';
import { type JobServiceDeps, startJobService } from '@jobtrack/job-service';
import { startMediaOrchestrator } from '@jobtrack/media';
import { startOrderOrchestrator } from '@jobtrack/order';
import { type ParticipantName, startParticipants } from '@jobtrack/participants';
import {
  type DevTokenIssuer,
  Health,
  type Logger,
  Messaging,
  type Running,
  type TokenVerifier,
} from '@jobtrack/platform';
import type { SagaTiming } from '@jobtrack/saga';
import { GrpcJobLookup, startWsService, type WsServiceDeps } from '@jobtrack/ws-service';
import type { Adapters } from './adapters.ts';

export interface EmbeddedOptions {
  adapters: Adapters;
  logger: Logger;
  topicPrefix: string;
  auth: { devIssuer?: DevTokenIssuer; verifier: TokenVerifier };
  ports: { http: number; ws: number; grpc: number };
  jobService: Pick<JobServiceDeps, 'policy' | 'sweepIntervalMs' | 'watch'>;
  maxBodyBytes: number;
  /** One process counts every request, so the gateway's rate limit lives in memory here. */
  gateway: Pick<GatewayDeps, 'corsOrigins' | 'sse' | 'demoWsUrl'> & { ratePolicies: RatePolicies };
  grpcTimeoutMs: number;
  participants: { names: readonly ParticipantName[]; latencyMs: number; failureRate: number };
  sagaTiming: SagaTiming;
  ws: Pick<WsServiceDeps, 'allowedOrigins' | 'maxConnectionsPerUser' | 'limits'>;
}

export interface EmbeddedPlatform extends Running {
  ports: { http: number; ws: number; grpc: number };
}

/**
 * Composes every service in this process, each with its own Messaging (so the envelope names its real source),
 * over one set of adapters. Services still talk over real HTTP, gRPC and WebSocket, as they do when deployed.
 */
export async function startEmbeddedPlatform(options: EmbeddedOptions): Promise<EmbeddedPlatform> {
  const { adapters, logger, topicPrefix } = options;
  const health = new Health();
  const messaging = (source: string) =>
    new Messaging({ bus: adapters.bus, source, topicPrefix, logger: logger.child({ service: source }) });
  const stack: Running[] = [];
  const started = async <T extends Running>(service: Promise<T>): Promise<T> => {
    const running = await service;
    stack.push(running);
    return running;
  };

  const jobService = await started(
    startJobService({
      store: adapters.jobStore,
      messaging: messaging('job-service'),
      logger: logger.child({ service: 'job-service' }),
      health,
      ...options.jobService,
      address: `0.0.0.0:${options.ports.grpc}`,
    }),
  );
  const jobServiceAddress = `127.0.0.1:${jobService.port}`;
  const gatewayApi = createJobServiceApi(jobServiceAddress, options.grpcTimeoutMs);
  const wsApi = createJobServiceApi(jobServiceAddress, options.grpcTimeoutMs);
  stack.push({
    async stop() {
      gatewayApi.close();
      wsApi.close();
    },
  });
  for (const [source, start, type] of [
    ['order-orchestrator', startOrderOrchestrator, 'order.place'],
    ['media-orchestrator', startMediaOrchestrator, 'media.process'],
  ] as const) {
    await started(
      start({
        messaging: messaging(source),
        logger: logger.child({ service: source }),
        store: adapters.sagaStore(type),
        timing: options.sagaTiming,
      }),
    );
  }
  await started(
    startParticipants({
      messaging: messaging('participants'),
      logger: logger.child({ service: 'participants' }),
      participants: options.participants.names,
      latencyMs: options.participants.latencyMs,
      failureRate: options.participants.failureRate,
    }),
  );
  const ws = await started(
    startWsService({
      messaging: messaging('ws-service'),
      registry: adapters.socketRegistry,
      broker: adapters.wsBroker,
      verifier: options.auth.verifier,
      jobs: new GrpcJobLookup(wsApi),
      logger: logger.child({ service: 'ws-service' }),
      health: new Health(),
      port: options.ports.ws,
      instanceId: `embedded-${randomBytes(3).toString('hex')}`,
      ...options.ws,
    }),
  );
  const gateway = await started(
    startGateway({
      jobService: gatewayApi,
      messaging: messaging('gateway'),
      verifier: options.auth.verifier,
      devIssuer: options.auth.devIssuer,
      logger: logger.child({ service: 'gateway' }),
      health,
      port: options.ports.http,
      maxBodyBytes: options.maxBodyBytes,
      rateLimiter: createMemoryRateLimiter(options.gateway.ratePolicies),
      corsOrigins: options.gateway.corsOrigins,
      sse: options.gateway.sse,
      // The demo page is served by the gateway but talks to the ws-service, on its own port in this process.
      demoWsUrl: options.gateway.demoWsUrl ?? `ws://127.0.0.1:${ws.port}/ws`,
    }),
  );
  return {
    ports: { http: gateway.port, ws: ws.port, grpc: jobService.port },
    async stop() {
      // Front doors first, so nothing new comes in while the back drains.
      for (const running of stack.reverse()) await running.stop();
      await adapters.close();
    },
  };
}
