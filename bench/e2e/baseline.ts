import { freePort } from '@jobtrack/platform/testing';
import { io } from 'socket.io-client';
import { type ChildService, startChild } from '../lib/processes.ts';
import type { BenchAuth } from '../ws/auth.ts';
import { jobsNeeded } from '../ws/full-path.ts';
import type { InfraEnv } from './jobtrack.ts';
import { type StackUnderTest, TERMINAL_STATUSES, type WatchedFrame } from './stack.ts';
import { postJob } from './submit.ts';

interface BaselineFrame {
  jobId: string;
  status: string;
  sentAt?: number;
}

/** Lead time between queueing the progress jobs and their first report, so every job is running by then. */
const PROGRESS_LEAD_MS = 2000;

/**
 * The stack a team would otherwise pick (bench/bullmq-socketio): an express + Socket.IO server and a BullMQ
 * worker, each its own process on the run's Redis, verifying the same tokens as jobtrack.
 */
export async function startBaseline(options: {
  infra: InfraEnv;
  auth: BenchAuth;
  workers: number;
  nodeArgs?: (name: string) => string[];
}): Promise<StackUnderTest> {
  const { infra, auth } = options;
  const common = {
    REDIS_URL: infra.redisUrl,
    BASELINE_KEY_PREFIX: `${infra.keyPrefix}bull`,
    AUTH_JWKS_URL: auth.jwksUrl,
    AUTH_ISSUER: auth.issuer,
    AUTH_AUDIENCE: auth.audience,
  };
  const started: ChildService[] = [];
  const start = async (name: string, entry: string, readyPath: string) => {
    const port = await freePort();
    const service = await startChild({
      name,
      entry,
      env: { ...common, BASELINE_PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}${readyPath}`,
      nodeArgs: options.nodeArgs?.(name) ?? [],
    });
    started.push(service);
    return port;
  };
  try {
    const port = await start('server', 'bench/bullmq-socketio/src/server.ts', '/readyz');
    for (let worker = 1; worker <= options.workers; worker++) {
      await start(
        options.workers > 1 ? `worker-${worker}` : 'worker',
        'bench/bullmq-socketio/src/worker.ts',
        '/',
      );
    }
    const base = `http://127.0.0.1:${port}`;
    const submitUrl = `${base}/jobs`;
    return {
      name: 'BullMQ + Socket.IO',
      submitUrl,
      watch: (token, onFrame) => watchBaseline(base, token, onFrame),
      progress: baselineProgress(submitUrl),
      pids: () => Object.fromEntries(started.map((service) => [service.name, service.child.pid ?? 0])),
      async stop() {
        await Promise.all(started.map((service) => service.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((service) => service.stop()));
    throw error;
  }
}

async function watchBaseline(base: string, token: string, onFrame: (frame: WatchedFrame) => void) {
  const socket = io(base, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  socket.on('job', (frame: BaselineFrame) =>
    onFrame({
      jobId: frame.jobId,
      status: frame.status,
      terminal: TERMINAL_STATUSES.has(frame.status),
      ...(frame.sentAt === undefined ? {} : { sentAt: frame.sentAt }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { close: () => socket.disconnect() };
}

/**
 * The baseline's progress path: `progress.stream` jobs whose worker reports stamped progress on a schedule
 * (updateProgress → QueueEvents → the owner's room), spread so the reports of all jobs arrive evenly.
 */
function baselineProgress(submitUrl: string) {
  let tokens: readonly string[] = [];
  return {
    async prepare(owners: readonly string[]) {
      tokens = owners;
    },
    async run(ratePerS: number, durationS: number) {
      const jobs = jobsNeeded(ratePerS, durationS);
      const perJob = Math.ceil((ratePerS * durationS) / jobs);
      const intervalMs = (jobs * 1000) / ratePerS;
      const startAt = Date.now() + PROGRESS_LEAD_MS;
      await Promise.all(
        Array.from({ length: jobs }, (_, n) =>
          postJob(submitUrl, tokens[n % tokens.length] as string, {
            type: 'progress.stream',
            input: { count: perJob, intervalMs, startAt: startAt + (n * 1000) / ratePerS },
          }),
        ),
      );
      // Resolves when the last report is due, as the jobtrack side resolves once its last reply is published.
      const lastDue = startAt + durationS * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now())));
      return jobs * perJob;
    },
  };
}
