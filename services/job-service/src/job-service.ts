import * as grpc from '@grpc/grpc-js';
import { ALL_TOPICS } from '@jobtrack/contracts';
import type { Health, Logger, Messaging, Running } from '@jobtrack/platform';
import { HealthImplementation } from 'grpc-health-check';
import { consumeJobEvents } from './event-consumer.ts';
import { jobServiceDefinition, jobServiceHandlers } from './grpc-server.ts';
import { type JobPolicy, Jobs } from './jobs.ts';
import type { JobStore } from './store/port.ts';

export interface JobServiceDeps {
  store: JobStore;
  messaging: Messaging;
  logger: Logger;
  health: Health;
  policy: JobPolicy;
  /** host:port for gRPC; port 0 picks a free one. */
  address: string;
}

const SERVICE_NAME = 'jobtrack.jobs.v1.JobService';

/** Starts the gRPC JobService and the job-event consumer. */
export async function startJobService(deps: JobServiceDeps): Promise<Running & { port: number }> {
  const { messaging, logger, health } = deps;
  const jobs = new Jobs(deps.store, deps.policy);
  await messaging.createTopics(ALL_TOPICS);

  const grpcHealth = new HealthImplementation({ '': 'NOT_SERVING', [SERVICE_NAME]: 'NOT_SERVING' });
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1024 * 1024 });
  server.addService(jobServiceDefinition(), jobServiceHandlers({ jobs, messaging, logger }));
  grpcHealth.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(deps.address, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const consumer = await consumeJobEvents({ jobs, messaging, logger });
  health.addCheck('job_store', () => deps.store.isHealthy());
  health.addCheck('message_bus', () => messaging.bus.isHealthy());
  grpcHealth.setStatus('', 'SERVING');
  grpcHealth.setStatus(SERVICE_NAME, 'SERVING');
  logger.info({ port }, 'job service listening');

  return {
    port,
    async stop() {
      health.startDraining();
      grpcHealth.setStatus('', 'NOT_SERVING');
      grpcHealth.setStatus(SERVICE_NAME, 'NOT_SERVING');
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await consumer.stop();
    },
  };
}
