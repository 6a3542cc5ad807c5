import { ALL_TOPICS } from '@jobtrack/contracts';
import { connectKafkaMessaging, type Logger, type Messaging } from '@jobtrack/platform';
import { freePort } from '@jobtrack/platform/testing';
import WebSocket from 'ws';
import { UNTHROTTLED } from '../jobs/platform.ts';
import { type ChildService, startChild } from '../lib/processes.ts';
import type { BenchAuth } from '../ws/auth.ts';
import { stampOf } from '../ws/clock.ts';
import { jobsNeeded, MediaProgress } from '../ws/full-path.ts';
import { type StackUnderTest, TERMINAL_STATUSES, type WatchedFrame } from './stack.ts';
import { postJob } from './submit.ts';

export interface InfraEnv {
  kafkaBrokers: string;
  redisUrl: string;
  topicPrefix: string;
  keyPrefix: string;
}

interface EventFrame {
  type: string;
  jobId?: string;
  seq?: number;
  status?: string;
  progress?: { message?: string };
}

/**
 * jobtrack as production runs it: the gateway, the job service, both orchestrators, the participants (answering
 * at once) and the ws-service, each its own process from its main.ts on the run's Kafka and Redis, verifying
 * tokens against the bench's key set. Logs at warn and no trace exporter, as in the other benchmarks.
 */
export async function startJobtrack(options: {
  infra: InfraEnv;
  auth: BenchAuth;
  logger: Logger;
  nodeArgs?: (name: string) => string[];
}): Promise<StackUnderTest> {
  const { infra, auth } = options;
  const messaging = await connectKafkaMessaging({
    service: 'bench-e2e',
    brokers: infra.kafkaBrokers.split(','),
    topicPrefix: infra.topicPrefix,
    logger: options.logger,
  });
  const started: ChildService[] = [];
  try {
    // Created once here, before the services race to create the same ones.
    await messaging.createTopics([...ALL_TOPICS]);
    const [grpcPort, httpPort, wsPort] = [await freePort(), await freePort(), await freePort()];
    const common = {
      KAFKA_BROKERS: infra.kafkaBrokers,
      REDIS_URL: infra.redisUrl,
      KAFKA_TOPIC_PREFIX: infra.topicPrefix,
      REDIS_KEY_PREFIX: infra.keyPrefix,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      JOB_SERVICE_ADDRESS: `127.0.0.1:${grpcPort}`,
      AUTH_JWKS_URL: auth.jwksUrl,
      AUTH_ISSUER: auth.issuer,
      AUTH_AUDIENCE: auth.audience,
    };
    const start = async (name: string, entry: string, env: Record<string, string>, readyPort?: number) => {
      const metricsPort = readyPort ?? (await freePort());
      const service = await startChild({
        name,
        entry,
        env: { ...common, METRICS_PORT: String(metricsPort), ...env },
        readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
        nodeArgs: options.nodeArgs?.(name) ?? [],
      });
      started.push(service);
      return service;
    };
    await start('job-service', 'services/job-service/src/main.ts', { GRPC_PORT: String(grpcPort) });
    await Promise.all([
      start('order', 'services/order/src/main.ts', {}),
      start('media', 'services/media/src/main.ts', {}),
      start('participants', 'services/participants/src/main.ts', {
        PARTICIPANT_LATENCY_MS: '0',
        PARTICIPANT_FAILURE_RATE: '0',
      }),
      start('ws-service', 'services/ws-service/src/main.ts', { WS_PORT: String(wsPort) }, wsPort),
      start(
        'gateway',
        'services/gateway/src/main.ts',
        { HTTP_PORT: String(httpPort), ...UNTHROTTLED },
        httpPort,
      ),
    ]);
    const submitUrl = `http://127.0.0.1:${httpPort}/v1/jobs`;
    return {
      name: 'jobtrack',
      submitUrl,
      watch: (token, onFrame) => watchJobtrack(`ws://127.0.0.1:${wsPort}/ws`, token, onFrame),
      progress: await jobtrackProgress(messaging, submitUrl, infra.topicPrefix),
      pids: () => Object.fromEntries(started.map((service) => [service.name, service.child.pid ?? 0])),
      async stop() {
        await Promise.all(started.map((service) => service.stop()));
        await messaging.bus.close();
      },
    };
  } catch (error) {
    await Promise.all(started.map((service) => service.stop()));
    await messaging.bus.close();
    throw error;
  }
}

/** A ws client as a browser's: bearer token on the upgrade, then one subscription to every job of the user. */
async function watchJobtrack(url: string, token: string, onFrame: (frame: WatchedFrame) => void) {
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as EventFrame;
      if (frame.type === 'connected')
        socket.send(JSON.stringify({ type: 'subscribe', all: true, level: 'detail' }));
      else if (frame.type === 'subscribed') resolve();
      else if (frame.type === 'error') reject(new Error(`subscribe refused: ${String(data)}`));
      else if (frame.type === 'event' && frame.jobId && frame.status) {
        onFrame({
          jobId: frame.jobId,
          status: frame.status,
          terminal: TERMINAL_STATUSES.has(frame.status),
          ...(frame.seq === undefined ? {} : { seq: frame.seq }),
          ...(stampOf(frame.progress?.message) === undefined
            ? {}
            : { sentAt: stampOf(frame.progress?.message) as number }),
        });
      }
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade answered ${response.statusCode}`)),
    );
  });
  return { close: () => socket.terminate() };
}

/**
 * Progress on the full path: media.process jobs submitted over REST hang in their transcoding step while the
 * bench plays the transcoder, publishing stamped PROGRESS replies that travel participant reply → orchestrator →
 * job event → job service → job update → ws-service → socket.
 */
async function jobtrackProgress(messaging: Messaging, submitUrl: string, topicPrefix: string) {
  const media = await MediaProgress.start(messaging, `${topicPrefix}transcoder-watch`);
  const jobIds: string[] = [];
  return {
    async prepare(tokens: readonly string[], ratePerS: number, durationS: number) {
      const needed = jobsNeeded(ratePerS, durationS);
      const ids = await Promise.all(
        Array.from({ length: needed }, (_, n) =>
          postJob(submitUrl, tokens[n % tokens.length] as string, {
            type: 'media.process',
            input: MediaProgress.jobInput(),
          }),
        ),
      );
      jobIds.push(...ids);
      await media.untilInStep(ids, 60_000);
    },
    async run(ratePerS: number, durationS: number) {
      const total = ratePerS * durationS;
      const started = performance.now();
      const sends: Promise<void>[] = [];
      for (let n = 0; n < total; n++) {
        const wait = started + (n * 1000) / ratePerS - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        sends.push(media.sendProgress(jobIds, n));
      }
      await Promise.all(sends);
      return total;
    },
  };
}
