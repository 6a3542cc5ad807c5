import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { ALL_TOPICS, jobServicePackageDefinition, protoLoaderOptions } from '@jobtrack/contracts';
import type { Health, Logger, Messaging, Running } from '@jobtrack/platform';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { consumeJobEvents } from './event-consumer.ts';
import { jobServiceDefinition, jobServiceHandlers } from './grpc-server.ts';
import { type JobPolicy, Jobs } from './jobs.ts';
import type { JobStore } from './store/port.ts';
import { startSweeper } from './sweeper.ts';

export interface JobServiceDeps {
  store: JobStore;
  messaging: Messaging;
  logger: Logger;
  health: Health;
  policy: JobPolicy;
  /** host:port for gRPC; port 0 picks a free one. */
  address: string;
  sweepIntervalMs: number;
  watch: { limit: number; pollIntervalMs: number };
}

const SERVICE_NAME = 'jobtrack.jobs.v1.JobService';

/** The JobService and the standard health service, both described by server reflection for grpcurl-style tools. */
function reflection(): ReflectionService {
  const health = loadSync(healthProtoPath, protoLoaderOptions);
  return new ReflectionService({ ...jobServicePackageDefinition(), ...health });
}

const GRPC_HEALTH_SYNC_MS = 1000;

/** Starts the gRPC JobService, the job-event consumer and the sweeper of unacknowledged jobs. */
export async function startJobService(deps: JobServiceDeps): Promise<Running & { port: number }> {
  const { messaging, logger, health, store } = deps;
  const jobs = new Jobs({ store, policy: deps.policy, messaging });
  await messaging.createTopics(ALL_TOPICS);

  const grpcHealth = new HealthImplementation({ '': 'NOT_SERVING', [SERVICE_NAME]: 'NOT_SERVING' });
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1024 * 1024 });
  server.addService(jobServiceDefinition(), jobServiceHandlers({ jobs, store, logger, watch: deps.watch }));
  grpcHealth.addToServer(server);
  reflection().addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(deps.address, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const consumer = await consumeJobEvents({ jobs, messaging, logger });
  const sweeper = startSweeper({ jobs, intervalMs: deps.sweepIntervalMs, logger });
  health.addCheck('job_store', () => store.isHealthy());
  health.addCheck('message_bus', () => messaging.bus.isHealthy());
  // grpc.health.v1 tells what /readyz tells: Kafka or Redis lost makes both not serving until they are back.
  const followReadiness = async () => {
    const { ready } = await health.readiness();
    const status = ready ? 'SERVING' : 'NOT_SERVING';
    grpcHealth.setStatus('', status);
    grpcHealth.setStatus(SERVICE_NAME, status);
  };
  await followReadiness();
  const readinessSync = setInterval(() => void followReadiness(), GRPC_HEALTH_SYNC_MS);
  readinessSync.unref();
  logger.info({ port }, 'job service listening');

  return {
    port,
    async stop() {
      health.startDraining();
      clearInterval(readinessSync);
      grpcHealth.setStatus('', 'NOT_SERVING');
      grpcHealth.setStatus(SERVICE_NAME, 'NOT_SERVING');
      await sweeper.stop();
      // Watches would hold a graceful shutdown open until their jobs end; their clients resume elsewhere.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await consumer.stop();
    },
  };
}
