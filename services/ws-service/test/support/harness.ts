import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  ALL_TOPICS,
  type Job,
  type JobStatusName,
  type ServerFrame,
  TOPICS,
  toProtoStatus,
} from '@jobtrack/contracts';
import {
  createDevTokenIssuer,
  createLogger,
  createTokenVerifier,
  type DevTokenIssuer,
  Health,
  MemoryBus,
  type MessageBus,
  Messaging,
} from '@jobtrack/platform';
import { Collector } from '@jobtrack/platform/testing';
import WebSocket from 'ws';
import type { JobLookup } from '../../src/job-lookup.ts';
import { MemorySocketRegistry } from '../../src/memory-socket-registry.ts';
import type { SocketRegistry } from '../../src/socket-registry.ts';
import { startWsService, type WsServiceDeps } from '../../src/ws-service.ts';

const ISSUER = 'jobtrack-test';
const AUDIENCE = 'jobtrack';

/** A stand-in for the job service's GetJob: jobs in a map, each visible to its owner only. */
export class MapJobLookup implements JobLookup {
  readonly jobs = new Map<string, Job>();
  #gate: { entered: () => void; released: Promise<void> } | undefined;

  put(job: Job): Job {
    this.jobs.set(job.id, job);
    return job;
  }

  /**
   * Makes the next lookup wait, as a slow job service would: `entered` resolves once it has been asked, and the
   * answer (read at call time, like a real GetJob) is returned when `release` is called.
   */
  stall(): { entered: Promise<void>; release: () => void } {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entered = new Promise<void>((resolve) => {
      this.#gate = { entered: resolve, released };
    });
    return { entered, release };
  }

  async get(id: string, owner: string): Promise<Job | undefined> {
    const job = this.jobs.get(id);
    const gate = this.#gate;
    this.#gate = undefined;
    if (gate) {
      gate.entered();
      await gate.released;
    }
    return job?.owner === owner ? job : undefined;
  }
}

export function jobOf(
  owner: string,
  state: { seq?: number; status?: JobStatusName; percent?: number } = {},
): Job {
  return {
    id: `job-${randomUUID()}`,
    type: 'order.place',
    owner,
    status: toProtoStatus(state.status ?? 'PENDING'),
    progress: {
      percent: state.percent ?? 0,
      step: state.seq ? 'reserve_inventory' : '',
      message: '',
      stepsDone: 0,
      stepsTotal: 0,
    },
    seq: String(state.seq ?? 0),
    createTime: null,
    updateTime: null,
    expireTime: null,
    traceId: '',
    cancelRequested: false,
  };
}

export interface UpdateInput {
  seq: number;
  status?: JobStatusName;
  percent?: number;
  step?: string;
  message?: string;
  error?: { code: string; message: string };
  resultJson?: string;
}

export interface Stack {
  url: string;
  httpUrl: string;
  jobs: MapJobLookup;
  registry: SocketRegistry;
  issuer: DevTokenIssuer;
  health: Health;
  token(user: string, ttlSeconds?: number): Promise<string>;
  publish(job: Job, update: UpdateInput): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A ws-service on a free port with real JWTs, over an in-memory bus and registry unless given others (the
 * bus is closed on stop). The job lookup is a map standing in for the job service.
 */
export async function startStack(
  options: Partial<WsServiceDeps> & { bus?: MessageBus; topicPrefix?: string } = {},
): Promise<Stack> {
  const { bus = new MemoryBus(), topicPrefix, ...overrides } = options;
  const logger = createLogger({ name: 'ws-service-test', level: 'silent' });
  const messaging = new Messaging({ bus, source: 'test', topicPrefix, logger });
  await messaging.createTopics(ALL_TOPICS);
  const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
  const jobs = new MapJobLookup();
  const registry = overrides.registry ?? new MemorySocketRegistry({ ttlMs: 60_000 });
  const health = new Health();
  const service = await startWsService({
    messaging,
    registry,
    verifier: createTokenVerifier({ keys: issuer.keys, issuer: ISSUER, audience: AUDIENCE }),
    jobs,
    logger,
    health,
    port: 0,
    host: '127.0.0.1',
    instanceId: `test-${randomUUID()}`,
    ...overrides,
  });
  return {
    url: `ws://127.0.0.1:${service.port}/ws`,
    httpUrl: `http://127.0.0.1:${service.port}`,
    jobs,
    registry,
    issuer,
    health,
    token: async (user, ttlSeconds) => (await issuer.mint(user, ttlSeconds)).token,
    publish: (job, update) =>
      messaging.publish(TOPICS.jobUpdates, job.id, {
        jobId: job.id,
        owner: job.owner,
        type: job.type,
        seq: String(update.seq),
        status: toProtoStatus(update.status ?? 'RUNNING'),
        progress: { percent: update.percent ?? 0, step: update.step ?? '', message: update.message ?? '' },
        ...(update.error ? { error: update.error } : {}),
        ...(update.resultJson ? { resultJson: update.resultJson } : {}),
      }),
    async stop() {
      await service.stop();
      await bus.close();
    },
  };
}

/** A WebSocket client that records every frame it gets, so a test can await them in order. */
export class TestClient {
  readonly socket: WebSocket;
  readonly frames = new Collector<ServerFrame>();
  readonly closed: Promise<{ code: number; reason: string }>;
  #read = 0;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as ServerFrame));
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused with ${response.statusCode}`)),
      );
    });
    return client;
  }

  static withToken(url: string, token: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    return TestClient.connect(url, { ...options, headers: { authorization: `Bearer ${token}` } });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame not yet read by this method. */
  async next(): Promise<ServerFrame> {
    const frames = await this.frames.waitFor(this.#read + 1);
    return frames[this.#read++] as ServerFrame;
  }

  /** Sends a subscribe and returns the reply. */
  async subscribe(jobId: string, level?: string): Promise<ServerFrame> {
    this.send({ type: 'subscribe', jobId, ...(level ? { level } : {}) });
    return this.next();
  }

  /**
   * Round-trips a frame, so every frame the server sent before handling it has arrived: what a test awaits to
   * prove that something was not sent.
   */
  async barrier(): Promise<ServerFrame[]> {
    const marker = `barrier-${randomUUID()}`;
    this.send({ type: 'unsubscribe', jobId: marker });
    const skipped: ServerFrame[] = [];
    for (;;) {
      const frame = await this.next();
      if (frame.type === 'unsubscribed' && frame.jobId === marker) return skipped;
      skipped.push(frame);
    }
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}

/** The HTTP status an upgrade was refused with, and the body it came with. */
export async function refusedUpgrade(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ status: number; contentType: string | undefined; body: string }> {
  const socket = new WebSocket(url, options);
  socket.on('error', () => {});
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_request, res) => resolve(res));
  });
  let body = '';
  for await (const chunk of response) body += String(chunk);
  return { status: response.statusCode ?? 0, contentType: response.headers['content-type'], body };
}
