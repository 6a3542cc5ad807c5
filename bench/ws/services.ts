import { freePort } from '@jobtrack/platform/testing';
import { type ChildService, startChild } from '../lib/processes.ts';

/** A server measured by the bench: its own process, with an inspector port for GC, memory and CPU profiles. */
export interface InspectedServer {
  service: ChildService;
  /** ws:// URL clients connect to. */
  url: string;
  /** HTTP base of the same port (/readyz, /metrics; the baseline's controls). */
  httpBase: string;
  inspectorPort: number;
}

export interface InfraEnv {
  kafkaBrokers: string;
  redisUrl: string;
  topicPrefix: string;
  keyPrefix: string;
}

const logLevel = () => process.env.LOG_LEVEL ?? 'warn';

function sharedEnv(infra: InfraEnv): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers,
    REDIS_URL: infra.redisUrl,
    KAFKA_TOPIC_PREFIX: infra.topicPrefix,
    REDIS_KEY_PREFIX: infra.keyPrefix,
    LOG_LEVEL: logLevel(),
  };
}

async function inspected(
  name: string,
  entry: string,
  env: (port: number) => Record<string, string>,
): Promise<InspectedServer> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const service = await startChild({
    name,
    entry,
    env: env(port),
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    nodeArgs: [`--inspect=127.0.0.1:${inspectorPort}`],
  });
  return { service, url: `ws://127.0.0.1:${port}/ws`, httpBase: `http://127.0.0.1:${port}`, inspectorPort };
}

/** The raw `ws` server of bench/ws/baseline-server.ts. */
export function startBaselineServer(): Promise<InspectedServer> {
  return inspected('ws-baseline', 'bench/ws/baseline-server.ts', (port) => ({
    BENCH_WS_BASELINE_PORT: String(port),
  }));
}

/**
 * The ws-service as production runs it (services/ws-service/src/main.ts, configured by its environment), on the
 * run's Kafka and Redis, verifying tokens against the bench's key set. Logs at warn, no trace exporter.
 */
export function startWsService(options: {
  infra: InfraEnv;
  jwksUrl: string;
  issuer: string;
  audience: string;
  jobServiceAddress: string;
  env?: Record<string, string>;
}): Promise<InspectedServer> {
  return inspected('ws-service', 'services/ws-service/src/main.ts', (port) => ({
    ...sharedEnv(options.infra),
    WS_PORT: String(port),
    AUTH_JWKS_URL: options.jwksUrl,
    AUTH_ISSUER: options.issuer,
    AUTH_AUDIENCE: options.audience,
    JOB_SERVICE_ADDRESS: options.jobServiceAddress,
    ...options.env,
  }));
}

export interface FullPathServices {
  jobService: ChildService;
  media: ChildService;
  participants: ChildService;
  stop(): Promise<void>;
}

/**
 * What a media.process job needs besides the ws-service: the job service (on the gRPC port the ws-service was
 * given), the media orchestrator and the media participants answering at once. Each its own process from its
 * main.ts, as in the saga benchmark.
 */
export async function startFullPath(options: {
  infra: InfraEnv;
  grpcPort: number;
}): Promise<FullPathServices> {
  const shared = sharedEnv(options.infra);
  const started: ChildService[] = [];
  const start = async (name: string, entry: string, env: Record<string, string>) => {
    const metricsPort = await freePort();
    const service = await startChild({
      name,
      entry,
      env: { ...shared, METRICS_PORT: String(metricsPort), ...env },
      readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
    });
    started.push(service);
    return service;
  };
  try {
    const jobService = await start('job-service', 'services/job-service/src/main.ts', {
      GRPC_PORT: String(options.grpcPort),
    });
    const [media, participants] = await Promise.all([
      start('media-orchestrator', 'services/media/src/main.ts', {}),
      start('participants', 'services/participants/src/main.ts', {
        PARTICIPANTS: 'storage,transcoder,album,notifier',
        PARTICIPANT_LATENCY_MS: '0',
        PARTICIPANT_FAILURE_RATE: '0',
      }),
    ]);
    return {
      jobService,
      media,
      participants,
      async stop() {
        await Promise.all(started.map((service) => service.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((service) => service.stop()));
    throw error;
  }
}
