import {
  createJobServiceApi,
  type JobEvent,
  type JobServiceApi,
  type JobStatusName,
  TOPICS,
  toProtoStatus,
} from '@jobtrack/contracts';
import { createLogger, Health, type MessageBus, Messaging } from '@jobtrack/platform';
import { startJobService } from '../../src/job-service.ts';
import type { JobPolicy } from '../../src/jobs.ts';
import type { JobStore } from '../../src/store/port.ts';

export interface JobServiceHarness {
  api: JobServiceApi;
  address: string;
  messaging: Messaging;
  /** Publishes an orchestrator's event for a job, as a saga would. */
  report(jobId: string, seq: number, status: JobStatusName, extra?: Partial<JobEvent>): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_POLICY: JobPolicy = {
  activeTtlMs: 60_000,
  retentionMs: 60_000,
  historyLimit: 50,
  idempotencyTtlMs: 60_000,
  ackTimeoutMs: 60_000,
};

/** A job service on a free port over the given store and bus, with a client generated from proto/. */
export async function startJobServiceHarness(options: {
  store: JobStore;
  bus: MessageBus;
  topicPrefix?: string;
  policy?: Partial<JobPolicy>;
  sweepIntervalMs?: number;
}): Promise<JobServiceHarness> {
  const logger = createLogger({ name: 'job-service-test', level: 'silent' });
  const messaging = new Messaging({
    bus: options.bus,
    source: 'test',
    topicPrefix: options.topicPrefix,
    logger,
  });
  const service = await startJobService({
    store: options.store,
    messaging,
    logger,
    health: new Health(),
    policy: { ...TEST_POLICY, ...options.policy },
    address: '127.0.0.1:0',
    sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
    watch: { limit: 100, pollIntervalMs: 1000 },
  });
  const address = `127.0.0.1:${service.port}`;
  const api = createJobServiceApi(address, 5000);
  return {
    api,
    address,
    messaging,
    async report(jobId, seq, status, extra = {}) {
      await messaging.publish(TOPICS.jobEvents, jobId, {
        jobId,
        seq,
        status: toProtoStatus(status),
        progress: { percent: seq * 10, step: `step-${seq}`, message: '', stepsDone: seq, stepsTotal: 5 },
        ...extra,
      });
    },
    async stop() {
      api.close();
      await service.stop();
    },
  };
}
