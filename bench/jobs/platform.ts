import { freePort } from '@jobtrack/platform/testing';
import { type ChildService, startChild } from '../lib/processes.ts';

/**
 * Per-user limits far above what the bench offers: the limiter still runs (its Redis round trip is part of every
 * request's cost in production), but it never refuses, so it is not what the bench measures.
 */
export const UNTHROTTLED = {
  RATE_LIMIT_WRITES_PER_SECOND: '1000000',
  RATE_LIMIT_WRITES_BURST: '1000000',
  RATE_LIMIT_READS_PER_SECOND: '1000000',
  RATE_LIMIT_READS_BURST: '1000000',
};

export interface PlatformOptions {
  kafkaBrokers: string;
  redisUrl: string;
  /** Isolates this run's topics and keys on a shared Kafka and Redis. */
  topicPrefix: string;
  keyPrefix: string;
  /** When set, the gateway and job service write V8 CPU profiles here on exit. */
  profileDir?: string | undefined;
}

export interface Platform {
  gatewayUrl: string;
  gateway: ChildService;
  jobService: ChildService;
  stop(): Promise<void>;
}

/**
 * The job service and the gateway as production runs them: each its own process from its main.ts, talking gRPC
 * to each other and to the real Kafka and Redis. Logs at warn only, so logging costs what it costs in production.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const [grpcPort, metricsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const shared = {
    KAFKA_BROKERS: options.kafkaBrokers,
    REDIS_URL: options.redisUrl,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    REDIS_KEY_PREFIX: options.keyPrefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const nodeArgs = (name: string) =>
    options.profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
  const jobService = await startChild({
    name: 'job-service',
    entry: 'services/job-service/src/main.ts',
    env: {
      ...shared,
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(metricsPort),
      // No orchestrator runs here, so nothing acknowledges the jobs: without this the sweeper would fail every
      // job a minute after its submission, in the middle of a later scenario.
      JOB_ACK_TIMEOUT_SECONDS: '3600',
    },
    readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
    nodeArgs: nodeArgs('job-service'),
  });
  let gateway: ChildService;
  try {
    gateway = await startChild({
      name: 'gateway',
      entry: 'services/gateway/src/main.ts',
      env: {
        ...shared,
        DEV_AUTH: 'true',
        HTTP_PORT: String(httpPort),
        JOB_SERVICE_ADDRESS: `127.0.0.1:${grpcPort}`,
        ...UNTHROTTLED,
      },
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
      nodeArgs: nodeArgs('gateway'),
    });
  } catch (error) {
    await jobService.stop();
    throw error;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${httpPort}`,
    gateway,
    jobService,
    async stop() {
      await Promise.all([gateway.stop(), jobService.stop()]);
    },
  };
}

/** The bare express baseline, answering with `sampleJob`'s JSON. */
export async function startBaseline(sampleJob: unknown): Promise<{ url: string; server: ChildService }> {
  const port = await freePort();
  const server = await startChild({
    name: 'baseline',
    entry: 'bench/jobs/baseline-server.ts',
    env: { PORT: String(port), BASELINE_JOB_JSON: JSON.stringify(sampleJob) },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  });
  return { url: `http://127.0.0.1:${port}`, server };
}
