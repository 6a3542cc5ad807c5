import { randomUUID } from 'node:crypto';
import { freePort, requireEnv } from '@jobtrack/platform/testing';
import { type ServiceProcess, startService } from './processes.ts';

export interface StackOptions {
  /** ws-service processes to run; each gets its own port. Default 1. */
  wsReplicas?: number;
  /** Extra environment per service name ('gateway', 'ws-service', 'participants', ...). */
  env?: Partial<Record<StackService, Record<string, string>>>;
  /** Where traces go; when unset, no exporter endpoint is configured. */
  otlpEndpoint?: string;
  /**
   * Start every process at the same moment, as the pods of one release start, instead of the job service first.
   * Kafka need not be up yet: each process then waits for it.
   */
  together?: boolean;
}

export type StackService = 'job-service' | 'order' | 'media' | 'participants' | 'gateway' | 'ws-service';

export interface Stack {
  baseUrl: string;
  /** One ws://…/ws URL per ws-service replica, in start order. */
  wsUrls: string[];
  /** The prefixes this stack's topics and Redis keys carry, unique per stack. */
  topicPrefix: string;
  keyPrefix: string;
  processes: ServiceProcess[];
  /** The replica processes, in the order of wsUrls. */
  wsReplicas: ServiceProcess[];
  /** The /metrics URL of each process, by process name ('gateway', 'ws-service-1', ...). */
  metricsUrls: Record<string, string>;
  /** Starts one more ws-service replica on a fresh port, and returns its URL. */
  addWsReplica(extraEnv?: Record<string, string>): Promise<{ url: string; process: ServiceProcess }>;
  /** Starts one more instance of a worker service, sharing the first one's consumer groups (own ports). */
  addWorker(service: 'job-service' | 'order'): Promise<ServiceProcess>;
  /** Restarts a process that was stopped or killed, with its environment, in its place in `processes`. */
  restart(process: ServiceProcess): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * The whole platform as separate OS processes on the real Kafka and Redis of the test run (KAFKA_BROKERS,
 * REDIS_URL), under prefixes of its own so stacks never see each other's topics or keys. The gateway runs with
 * DEV_AUTH, and the ws-service replicas verify tokens against its JWKS.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const topicPrefix = `e2e-${randomUUID().slice(0, 8)}.`;
  const keyPrefix = topicPrefix;
  const [http, grpc] = await Promise.all([freePort(), freePort()]);
  const baseUrl = `http://127.0.0.1:${http}`;
  // The first replica's port is known before the gateway starts, so the demo page can be pointed at it.
  const firstWsPort = await freePort();
  const common: Record<string, string> = {
    KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
    REDIS_URL: requireEnv('REDIS_URL'),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: 'info',
    JOB_SERVICE_ADDRESS: `127.0.0.1:${grpc}`,
    ...(options.otlpEndpoint
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: '100' }
      : {}),
  };
  const envOf = async (service: StackService, own: Record<string, string> = {}) => ({
    ...common,
    METRICS_PORT: String(await freePort()),
    ...own,
    ...options.env?.[service],
  });
  const processes: ServiceProcess[] = [];
  const wsReplicas: ServiceProcess[] = [];
  const wsUrls: string[] = [];
  const metricsUrls: Record<string, string> = {};
  // The gateway and the ws-service serve /metrics on their main port; the others on METRICS_PORT.
  const metricsUrlOf = (port: string) => `http://127.0.0.1:${port}/metrics`;

  let wsStarted = 0;
  const addWsReplica = async (extraEnv: Record<string, string> = {}) => {
    const index = wsStarted++;
    const port = index === 0 ? firstWsPort : await freePort();
    const process = await startService(
      `ws-service-${index + 1}`,
      'services/ws-service/src/main.ts',
      await envOf('ws-service', {
        WS_PORT: String(port),
        AUTH_JWKS_URL: `${baseUrl}/.well-known/jwks.json`,
        ...extraEnv,
      }),
    );
    const url = `ws://127.0.0.1:${port}/ws`;
    metricsUrls[process.name] = metricsUrlOf(String(port));
    processes.push(process);
    wsReplicas.push(process);
    wsUrls.push(url);
    return { url, process };
  };

  try {
    const workerEnvs = [
      { name: 'job-service', env: await envOf('job-service', { GRPC_PORT: String(grpc) }) },
      { name: 'order', env: await envOf('order') },
      { name: 'media', env: await envOf('media') },
      { name: 'participants', env: await envOf('participants') },
    ] as const;
    const [jobService, order, media, participants] = workerEnvs;
    // Each process is recorded as soon as it runs, so a failure of another one still stops it.
    const track = (starting: Promise<ServiceProcess>) =>
      starting.then((process) => {
        processes.push(process);
        return process;
      });
    const startingJobService = track(
      startService('job-service', 'services/job-service/src/main.ts', jobService.env),
    );
    if (!options.together) await startingJobService;
    const gatewayEnv = await envOf('gateway', {
      HTTP_PORT: String(http),
      DEV_AUTH: 'true',
      DEMO_WS_URL: `ws://127.0.0.1:${firstWsPort}/ws`,
    });
    const startingWs = options.together
      ? Array.from({ length: options.wsReplicas ?? 1 }, () => addWsReplica())
      : [];
    const starting = await Promise.allSettled([
      startingJobService,
      ...startingWs,
      track(startService('order', 'services/order/src/main.ts', order.env)),
      track(startService('media', 'services/media/src/main.ts', media.env)),
      track(startService('participants', 'services/participants/src/main.ts', participants.env)),
      track(startService('gateway', 'services/gateway/src/main.ts', gatewayEnv)),
    ]);
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    for (const { name, env } of workerEnvs) metricsUrls[name] = metricsUrlOf(env.METRICS_PORT);
    metricsUrls.gateway = `${baseUrl}/metrics`;
    if (!options.together) {
      for (let replica = 0; replica < (options.wsReplicas ?? 1); replica++) await addWsReplica();
    }
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    throw error;
  }

  return {
    baseUrl,
    wsUrls,
    topicPrefix,
    keyPrefix,
    processes,
    wsReplicas,
    metricsUrls,
    addWsReplica,
    async addWorker(service) {
      const entry = `services/${service}/src/main.ts`;
      const own: Record<string, string> =
        service === 'job-service' ? { GRPC_PORT: String(await freePort()) } : {};
      const env = await envOf(service, own);
      const process = await startService(`${service}-${processes.length + 1}`, entry, env);
      metricsUrls[process.name] = metricsUrlOf(env.METRICS_PORT);
      processes.push(process);
      return process;
    },
    async restart(process) {
      const restarted = await process.restart();
      const index = processes.indexOf(process);
      if (index >= 0) processes.splice(index, 1, restarted);
      else processes.push(restarted);
      return restarted;
    },
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}
