import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  ALL_TOPICS,
  type ConnectedFrame,
  type Job,
  type JobStatusName,
  type JobUpdate,
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
import { MemoryBroker } from '../../src/broker/memory-broker.ts';
import type { JobHistory, JobLookup } from '../../src/job-lookup/port.ts';
import { MemorySocketRegistry } from '../../src/registry/memory-registry.ts';
import type { SocketRegistry } from '../../src/registry/port.ts';
import { startWsService, type WsServiceDeps } from '../../src/ws-service.ts';

const ISSUER = 'jobtrack-test';
const AUDIENCE = 'jobtrack';

/**
 * A stand-in for the job service's GetJob and GetJobEvents: jobs and their histories in maps, each visible to its
 * owner only. The history keeps the last `historyLimit` updates, as the job service caps it.
 */
export class MapJobLookup implements JobLookup {
  readonly jobs = new Map<string, Job>();
  readonly histories = new Map<string, JobUpdate[]>();
  historyLimit = 200;
  #gate: { entered: () => void; released: Promise<void> } | undefined;

  put(job: Job): Job {
    this.jobs.set(job.id, job);
    return job;
  }

  /** Applies an update as the job service commits it: the job's state and the end of its history. */
  record(update: JobUpdate): void {
    const job = this.jobs.get(update.jobId);
    if (job && Number(update.seq) > Number(job.seq)) {
      Object.assign(job, {
        seq: update.seq,
        status: update.status,
        progress: update.progress,
        error: update.error,
        resultJson: update.resultJson,
        outcome: update.outcome,
      });
    }
    const history = this.histories.get(update.jobId) ?? [];
    history.push(update);
    history.splice(0, Math.max(0, history.length - this.historyLimit));
    this.histories.set(update.jobId, history);
  }

  async events(id: string, owner: string, sinceSeq: number): Promise<JobHistory | undefined> {
    if (this.jobs.get(id)?.owner !== owner) return undefined;
    const history = this.histories.get(id) ?? [];
    const updates = history.filter((update) => Number(update.seq) > sinceSeq);
    const first = Number(history[0]?.seq ?? 0);
    return { updates, truncated: first > sinceSeq + 1 };
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
  /** Commits an update as the job service does: into the job and its history, then onto Kafka. */
  publish(job: Job, update: UpdateInput): Promise<void>;
  /** Puts an update on Kafka without recording it, as if its commit were never seen by the history. */
  deliverOnly(job: Job, update: UpdateInput): Promise<void>;
  stop(): Promise<void>;
}

export function jobUpdate(job: Job, update: UpdateInput): JobUpdate {
  const error = update.error ?? null;
  return {
    jobId: job.id,
    owner: job.owner,
    type: job.type,
    seq: String(update.seq),
    status: toProtoStatus(update.status ?? 'RUNNING'),
    progress: {
      percent: update.percent ?? 0,
      step: update.step ?? '',
      message: update.message ?? '',
      stepsDone: 0,
      stepsTotal: 0,
    },
    ...(error ? { error, outcome: 'error' as const } : {}),
    ...(update.resultJson ? { resultJson: update.resultJson, outcome: 'resultJson' as const } : {}),
    updateTime: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 },
    cancelRequested: false,
  };
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
    broker: new MemoryBroker(),
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
    publish: (job, input) => {
      const update = jobUpdate(job, input);
      jobs.record(update);
      return messaging.publish(TOPICS.jobUpdates, job.id, update);
    },
    deliverOnly: (job, input) => messaging.publish(TOPICS.jobUpdates, job.id, jobUpdate(job, input)),
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
  /** The server's `connected` frame. */
  welcome: ConnectedFrame | undefined;
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
    const first = await client.next();
    if (first.type !== 'connected') throw new Error(`first frame was ${JSON.stringify(first)}`);
    client.welcome = first;
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
    const marker = `barrier-${randomUUID().slice(0, 8)}`;
    this.send({ type: 'ping', id: marker });
    const skipped: ServerFrame[] = [];
    for (;;) {
      const frame = await this.next();
      if (frame.type === 'pong' && frame.id === marker) return skipped;
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
