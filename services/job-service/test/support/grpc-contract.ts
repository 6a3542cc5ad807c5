import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  createJobServiceClient,
  type Job,
  type JobCommand,
  type JobServiceApi,
  type JobUpdate,
  TOPICS,
} from '@jobtrack/contracts';
import { type MessageBus, metricsRegistry } from '@jobtrack/platform';
import { Collector, eventually } from '@jobtrack/platform/testing';
import type { JobStore } from '../../src/store/port.ts';
import { type JobServiceHarness, startJobServiceHarness } from './harness.ts';

export const ORDER = {
  orderId: 'o-1',
  items: [{ sku: 'sku-1', quantity: 2 }],
  amountCents: 1999,
  currency: 'EUR',
};

export interface ContractEnvironment {
  store: () => Promise<JobStore>;
  bus: () => MessageBus;
  topicPrefix: string;
}

/** Rejects with the gRPC status of a failed call. */
async function code(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return grpc.status[(error as grpc.ServiceError).code];
  }
  return 'OK';
}

/** Reads a WatchJob stream to its end. */
function readWatch(api: JobServiceApi, request: { id: string; owner: string; sinceSeq?: number }) {
  const stream = api.watchJob(request);
  const updates = new Collector<{ update: JobUpdate; truncated: boolean }>();
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('data', (message: { update: JobUpdate; truncated: boolean }) => updates.push(message));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  return { stream, updates, ended };
}

const summary = (updates: ReadonlyArray<{ update: JobUpdate }>) =>
  updates.map(({ update }) => [Number(update.seq), update.status]);

export function jobServiceContract(name: string, environment: ContractEnvironment): void {
  describe(`JobService gRPC contract: ${name}`, () => {
    let service: JobServiceHarness;
    let api: JobServiceApi;
    let store: JobStore;
    let bus: MessageBus;
    const create = async (owner: string, extra: { idempotencyKey?: string; input?: unknown } = {}) =>
      (
        await api.createJob({
          type: 'order.place',
          owner,
          inputJson: JSON.stringify(extra.input ?? ORDER),
          idempotencyKey: extra.idempotencyKey ?? '',
        })
      ).job as Job;

    before(async () => {
      store = await environment.store();
      bus = environment.bus();
      service = await startJobServiceHarness({ store, bus, topicPrefix: environment.topicPrefix });
      api = service.api;
    });
    after(async () => {
      await service.stop();
      await store.close();
      await bus.close();
    });

    it('creates a PENDING job owned by the caller and reads it back; another owner gets NOT_FOUND', async () => {
      const job = await create('alice');
      assert.equal(job.status, 'JOB_STATUS_PENDING');
      assert.deepEqual(
        [job.type, job.owner, job.seq, job.cancelRequested],
        ['order.place', 'alice', '0', false],
      );
      assert.equal(job.outcome, undefined, 'neither result nor error before the job ends');
      assert.ok(Number(job.expireTime?.seconds) > Number(job.createTime?.seconds));
      const read = await api.getJob({ id: job.id, owner: 'alice' });
      assert.deepEqual(read.job, job);
      assert.equal(await code(api.getJob({ id: job.id, owner: 'bob' })), 'NOT_FOUND');
      assert.equal(await code(api.getJob({ id: randomUUID(), owner: 'alice' })), 'NOT_FOUND');
    });

    it('answers INVALID_ARGUMENT for malformed requests, naming the field', async () => {
      const cases: Array<[string, Promise<unknown>, RegExp]> = [
        ['no type', api.createJob({ owner: 'alice', inputJson: '{}' }), /type is required/],
        [
          'unknown type',
          api.createJob({ type: 'nope', owner: 'alice', inputJson: '{}' }),
          /unknown job type/,
        ],
        [
          'no owner',
          api.createJob({ type: 'order.place', inputJson: JSON.stringify(ORDER) }),
          /owner is required/,
        ],
        ['bad JSON', api.createJob({ type: 'order.place', owner: 'a', inputJson: '{' }), /not valid JSON/],
        [
          'bad input',
          api.createJob({
            type: 'order.place',
            owner: 'a',
            inputJson: JSON.stringify({ ...ORDER, currency: 'x' }),
          }),
          /input\.currency/,
        ],
        [
          'bad key',
          api.createJob({
            type: 'order.place',
            owner: 'a',
            inputJson: JSON.stringify(ORDER),
            idempotencyKey: 'a b',
          }),
          /idempotency_key/,
        ],
        ['no id', api.getJob({ owner: 'alice' }), /id is required/],
        ['bad page token', api.listJobs({ owner: 'alice', pageToken: 'garbage' }), /page_token/],
      ];
      for (const [label, call, detail] of cases) {
        await assert.rejects(call, (error: grpc.ServiceError) => {
          assert.equal(error.code, grpc.status.INVALID_ARGUMENT, label);
          assert.match(error.details, detail, label);
          return true;
        });
      }
    });

    it('is idempotent per owner and key: same request, same job; different request, ALREADY_EXISTS', async () => {
      const key = randomUUID();
      const first = await api.createJob({
        type: 'order.place',
        owner: 'alice',
        inputJson: JSON.stringify(ORDER),
        idempotencyKey: key,
      });
      const again = await api.createJob({
        type: 'order.place',
        owner: 'alice',
        inputJson: JSON.stringify(ORDER),
        idempotencyKey: key,
      });
      assert.equal(first.replayed, false);
      assert.equal(again.replayed, true);
      assert.equal(again.job?.id, first.job?.id);
      const different = api.createJob({
        type: 'order.place',
        owner: 'alice',
        inputJson: JSON.stringify({ ...ORDER, amountCents: 1 }),
        idempotencyKey: key,
      });
      assert.equal(await code(different), 'ALREADY_EXISTS');
      const bobs = await api.createJob({
        type: 'order.place',
        owner: 'bob',
        inputJson: JSON.stringify(ORDER),
        idempotencyKey: key,
      });
      assert.notEqual(bobs.job?.id, first.job?.id, 'keys are scoped to their owner');
      const dispatchFailed = await create('dave', { idempotencyKey: key });
      await api.failJob({
        id: dispatchFailed.id,
        owner: 'dave',
        error: { code: 'DISPATCH_FAILED', message: 'bus down' },
      });
      const retried = await api.createJob({
        type: 'order.place',
        owner: 'dave',
        inputJson: JSON.stringify(ORDER),
        idempotencyKey: key,
      });
      assert.equal(retried.replayed, false, 'a job that was never dispatched does not hold its key');
      assert.notEqual(retried.job?.id, dispatchFailed.id);
      assert.equal(retried.job?.status, 'JOB_STATUS_PENDING');
      const concurrent = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.createJob({
            type: 'order.place',
            owner: 'carol',
            inputJson: JSON.stringify(ORDER),
            idempotencyKey: key,
          }),
        ),
      );
      assert.equal(
        new Set(concurrent.map((response) => response.job?.id)).size,
        1,
        'concurrent retries share a job',
      );
    });

    it("lists only the owner's jobs, newest first, filtered, across pages", async () => {
      const owner = `lister-${randomUUID()}`;
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await create(owner)).id);
      await api.failJob({
        id: created[1] as string,
        owner,
        error: { code: 'DISPATCH_FAILED', message: 'test' },
      });
      await create(`other-${randomUUID()}`);
      const seen: string[] = [];
      let pageToken = '';
      let pages = 0;
      do {
        const page = await api.listJobs({ owner, pageSize: 2, pageToken });
        assert.ok(page.jobs.length <= 2);
        for (const job of page.jobs) assert.equal(job.owner, owner);
        seen.push(...page.jobs.map((job) => job.id));
        pageToken = page.nextPageToken;
        pages++;
      } while (pageToken && pages < 10);
      assert.deepEqual(seen, created.toReversed());
      const failed = await api.listJobs({ owner, status: 'JOB_STATUS_FAILED' });
      assert.deepEqual(
        failed.jobs.map((job) => job.id),
        [created[1]],
      );
      assert.equal(failed.nextPageToken, '');
      const first = await api.listJobs({ owner, pageSize: 1 });
      const mismatched = api.listJobs({
        owner,
        pageSize: 1,
        pageToken: first.nextPageToken,
        status: 'JOB_STATUS_FAILED',
      });
      assert.equal(await code(mismatched), 'INVALID_ARGUMENT', 'a token only works with its own filters');
      const stolen = api.listJobs({ owner: 'mallory', pageToken: first.nextPageToken });
      assert.equal(await code(stolen), 'INVALID_ARGUMENT', 'a token only works for its owner');
    });

    it('applies orchestrator events into a gap-free history, and streams history then live updates', async () => {
      const job = await create('alice');
      await service.report(job.id, 1, 'RUNNING');
      const early = readWatch(api, { id: job.id, owner: 'alice' });
      await early.updates.waitFor(1);
      await service.report(job.id, 2, 'RUNNING');
      await service.report(job.id, 2, 'RUNNING');
      await service.report(job.id, 3, 'SUCCEEDED', { resultJson: '{"ok":true}' });
      await early.ended;
      assert.deepEqual(summary(early.updates.items), [
        [1, 'JOB_STATUS_RUNNING'],
        [2, 'JOB_STATUS_RUNNING'],
        [3, 'JOB_STATUS_SUCCEEDED'],
      ]);
      const last = early.updates.items[2]?.update;
      assert.equal(last?.outcome, 'resultJson');
      assert.equal(last?.resultJson, '{"ok":true}');
      const history = await api.getJobEvents({ id: job.id, owner: 'alice', sinceSeq: 1 });
      assert.deepEqual(summary(history.updates.map((update) => ({ update }))), [
        [2, 'JOB_STATUS_RUNNING'],
        [3, 'JOB_STATUS_SUCCEEDED'],
      ]);
      assert.equal(history.truncated, false);
      const resumed = readWatch(api, { id: job.id, owner: 'alice', sinceSeq: 2 });
      await resumed.ended;
      assert.deepEqual(summary(resumed.updates.items), [[3, 'JOB_STATUS_SUCCEEDED']], 'resume from a seq');
      assert.equal(await code(api.getJobEvents({ id: job.id, owner: 'bob' })), 'NOT_FOUND');
      await assert.rejects(readWatch(api, { id: job.id, owner: 'bob' }).ended, {
        code: grpc.status.NOT_FOUND,
      });
    });

    it('cancels a running job: CANCELLING, a cancel command to its orchestrator; FAILED_PRECONDITION once ended', async () => {
      const commands = new Collector<JobCommand>();
      const consumer = await service.messaging.consume({
        groupId: `orchestrator-spy-${randomUUID()}`,
        topic: TOPICS.orderCommands,
        fromBeginning: true,
        handle: async (command) => {
          if (command.cancel) commands.push(command);
        },
      });
      const job = await create('alice');
      await service.report(job.id, 1, 'RUNNING');
      await readWatch(api, { id: job.id, owner: 'alice' }).updates.waitFor(1);
      assert.equal(await code(api.cancelJob({ id: job.id, owner: 'bob' })), 'NOT_FOUND');
      const cancelled = (await api.cancelJob({ id: job.id, owner: 'alice' })).job;
      assert.deepEqual([cancelled?.status, cancelled?.cancelRequested], ['JOB_STATUS_CANCELLING', true]);
      const [command] = await commands.waitFor(1);
      assert.deepEqual([command?.jobId, command?.owner, command?.type], [job.id, 'alice', 'order.place']);
      const watch = readWatch(api, { id: job.id, owner: 'alice', sinceSeq: 2 });
      await service.report(job.id, 2, 'CANCELLED');
      await watch.ended;
      const ended = watch.updates.items[0]?.update;
      assert.deepEqual([ended?.status, ended?.error?.code], ['JOB_STATUS_CANCELLED', 'CANCELLED']);
      assert.equal(await code(api.cancelJob({ id: job.id, owner: 'alice' })), 'FAILED_PRECONDITION');
      await consumer.stop();
    });

    it('honours deadlines: a watch past its deadline ends DEADLINE_EXCEEDED and frees its slot', async () => {
      const job = await create('alice');
      const client = createJobServiceClient(service.address);
      const stream = client.watchJob({ id: job.id, owner: 'alice' }, { deadline: Date.now() + 300 });
      const error = new Promise<grpc.ServiceError>((resolve) => stream.on('error', resolve));
      const status = await new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
      assert.equal((await error).code, grpc.status.DEADLINE_EXCEEDED);
      assert.equal(status.code, grpc.status.DEADLINE_EXCEEDED);
      client.close();
      await eventually(
        async () => (await metricsRegistry.getSingleMetric('jobtrack_job_watches')?.get())?.values[0]?.value,
        (open) => open === 0,
        5000,
      );
    });

    it('serves the standard health service and server reflection', async () => {
      const { service: healthService } = await import('grpc-health-check');
      const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
      const health = new Health(service.address, grpc.credentials.createInsecure());
      const check = (health as unknown as { check: HealthCheck }).check.bind(health);
      const status = await new Promise<{ status: string }>((resolve, reject) =>
        check({ service: 'jobtrack.jobs.v1.JobService' }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
      assert.equal(status.status, 'SERVING');
      health.close();
      const services = await listServicesByReflection(service.address);
      assert.ok(services.includes('jobtrack.jobs.v1.JobService'), services.join(', '));
      assert.ok(services.includes('grpc.health.v1.Health'), services.join(', '));
    });
  });
}

type HealthCheck = (
  request: { service: string },
  callback: (error: Error | null, response: { status: string }) => void,
) => void;

async function listServicesByReflection(address: string): Promise<string[]> {
  const { loadSync } = await import('@grpc/proto-loader');
  const protoFile = new URL(
    '../proto/grpc/reflection/v1/reflection.proto',
    import.meta.resolve('@grpc/reflection'),
  );
  const definition = grpc.loadPackageDefinition(
    loadSync(protoFile.pathname, { keepCase: true }),
  ) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const client = new definition.grpc.reflection.v1.ServerReflection(
    address,
    grpc.credentials.createInsecure(),
  );
  const call = (
    client as unknown as { ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, unknown> }
  ).ServerReflectionInfo();
  const response = new Promise<{ list_services_response: { service: Array<{ name: string }> } }>(
    (resolve, reject) => {
      call.once('data', resolve);
      call.once('error', reject);
    },
  );
  call.write({ list_services: '' });
  const names = (await response).list_services_response.service.map((entry) => entry.name);
  call.end();
  client.close();
  return names;
}
