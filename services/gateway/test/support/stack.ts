import {
  createJobServiceApi,
  type JobEvent,
  type JobServiceApi,
  type JobStatusName,
  TOPICS,
  toProtoStatus,
} from '@jobtrack/contracts';
import type { JobPolicy, JobStore } from '@jobtrack/job-service';
import { startJobService } from '@jobtrack/job-service';
import {
  createDevTokenIssuer,
  createLogger,
  createTokenVerifier,
  type DevTokenIssuer,
  Health,
  type MessageBus,
  Messaging,
  type Running,
} from '@jobtrack/platform';
import { startGateway } from '../../src/gateway.ts';
import { createMemoryRateLimiter, type RateLimiter, type RatePolicies } from '../../src/rate-limit.ts';
import type { SseLimits } from '../../src/sse.ts';

export const ISSUER = 'jobtrack-dev';
export const AUDIENCE = 'jobtrack';

/** Budgets no test reaches unless it means to. */
export const GENEROUS_LIMITS: RatePolicies = {
  reads: { points: 10_000, durationSeconds: 1, burstPoints: 0, burstSeconds: 10 },
  writes: { points: 10_000, durationSeconds: 1, burstPoints: 0, burstSeconds: 10 },
};

export const TEST_JOB_POLICY: JobPolicy = {
  activeTtlMs: 60_000,
  retentionMs: 60_000,
  historyLimit: 50,
  idempotencyTtlMs: 60_000,
  ackTimeoutMs: 60_000,
};

export interface GatewayOptions {
  rateLimiter?: RateLimiter;
  corsOrigins?: string[];
  sse?: Partial<SseLimits>;
  devAuth?: boolean;
  /** The gateway's own bus, when it should differ from the job service's (e.g. an unreachable Kafka). */
  bus?: MessageBus;
}

export interface GatewayStack {
  baseUrl: string;
  messaging: Messaging;
  issuer: DevTokenIssuer;
  api: JobServiceApi;
  /** A token of `user`, with every permission unless given some. */
  token(user: string, permissions?: readonly string[]): Promise<string>;
  /** Publishes an orchestrator's event for a job, as a saga would; the job service applies it. */
  report(jobId: string, seq: number, status: JobStatusName, extra?: Partial<JobEvent>): Promise<void>;
  /** Resolves once the job service has published the job's update `seq`: the job now reads that way. */
  updated(jobId: string, seq: number): Promise<void>;
  /** Another gateway in front of the same job service and issuer, e.g. to share a rate limit with. */
  addGateway(options: GatewayOptions): Promise<{ baseUrl: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** A job service and a gateway in this process on free ports, over the given bus and store (closed on stop). */
export async function startGatewayStack(
  options: GatewayOptions & {
    bus: MessageBus;
    store: JobStore;
    topicPrefix?: string;
    /** The gateway's own bus; see GatewayOptions.bus. */
    gatewayBus?: MessageBus;
    jobPolicy?: Partial<JobPolicy>;
  },
): Promise<GatewayStack> {
  const logger = createLogger({ name: 'gateway-test', level: 'silent' });
  const messagingOver = (bus: MessageBus, source: string) =>
    new Messaging({ bus, source, topicPrefix: options.topicPrefix, logger });
  const messaging = messagingOver(options.bus, 'test');
  const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
  const jobService = await startJobService({
    store: options.store,
    messaging,
    logger,
    health: new Health(),
    policy: { ...TEST_JOB_POLICY, ...options.jobPolicy },
    address: '127.0.0.1:0',
    sweepIntervalMs: 60_000,
    watch: { limit: 100, pollIntervalMs: 1000 },
  });
  const api = createJobServiceApi(`127.0.0.1:${jobService.port}`);
  const verifier = createTokenVerifier({ keys: issuer.keys, issuer: ISSUER, audience: AUDIENCE });
  const gateways: Running[] = [];

  async function addGateway(gatewayOptions: GatewayOptions) {
    const gateway = await startGateway({
      jobService: api,
      messaging: gatewayOptions.bus ? messagingOver(gatewayOptions.bus, 'test-gateway') : messaging,
      verifier,
      devIssuer: gatewayOptions.devAuth === false ? undefined : issuer,
      logger,
      health: new Health(),
      port: 0,
      maxBodyBytes: 16 * 1024,
      rateLimiter: gatewayOptions.rateLimiter ?? createMemoryRateLimiter(GENEROUS_LIMITS),
      corsOrigins: gatewayOptions.corsOrigins ?? [],
      sse: { maxStreams: 100, maxPerUser: 10, heartbeatMs: 15_000, ...gatewayOptions.sse },
    });
    gateways.push(gateway);
    return { baseUrl: `http://127.0.0.1:${gateway.port}`, stop: () => gateway.stop() };
  }

  const published = new Set<string>();
  const waiting = new Map<string, () => void>();
  const updates = await messaging.consume({
    groupId: 'gateway-test-updates',
    topic: TOPICS.jobUpdates,
    handle: async (update) => {
      const key = `${update.jobId}:${update.seq}`;
      published.add(key);
      waiting.get(key)?.();
    },
  });
  const first = await addGateway({ ...options, bus: options.gatewayBus });
  return {
    baseUrl: first.baseUrl,
    messaging,
    issuer,
    api,
    token: async (user, permissions) => (await issuer.mint(user, undefined, permissions)).token,
    async report(jobId, seq, status, extra = {}) {
      await messaging.publish(TOPICS.jobEvents, jobId, {
        jobId,
        seq,
        status: toProtoStatus(status),
        progress: { percent: seq * 10, step: `step-${seq}`, message: '', stepsDone: seq, stepsTotal: 10 },
        ...extra,
      });
    },
    updated(jobId, seq) {
      const key = `${jobId}:${seq}`;
      if (published.has(key)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no update ${key} within 15 s`)), 15_000);
        waiting.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    addGateway,
    async stop() {
      for (const gateway of gateways) await gateway.stop();
      await updates.stop();
      api.close();
      await jobService.stop();
      await options.store.close();
      await options.bus.close();
      await options.gatewayBus?.close();
    },
  };
}

export const validOrder = {
  orderId: 'o-1',
  items: [{ sku: 'sku-1', quantity: 2 }],
  amountCents: 1999,
  currency: 'EUR',
};
