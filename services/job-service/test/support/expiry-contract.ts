import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { Job } from '@jobtrack/contracts';
import type { MessageBus } from '@jobtrack/platform';
import { eventually } from '@jobtrack/platform/testing';
import type { JobPolicy } from '../../src/jobs.ts';
import type { JobStore } from '../../src/store/port.ts';
import { type ContractEnvironment, ORDER } from './grpc-contract.ts';
import { type JobServiceHarness, startJobServiceHarness } from './harness.ts';

const isNotFound = (error: unknown) => (error as grpc.ServiceError).code === grpc.status.NOT_FOUND;

/** Expiry and the sweeper, with lifetimes short enough to watch them happen. */
export function expiryContract(name: string, environment: ContractEnvironment): void {
  describe(`job expiry and sweeping: ${name}`, () => {
    const running: JobServiceHarness[] = [];
    const resources: Array<JobStore | MessageBus> = [];
    // Each test's job services leave before the next test starts: on Kafka they share one consumer group, and a
    // lingering one with another test's short TTL would apply this test's events with it.
    afterEach(async () => {
      for (const harness of running.splice(0)) await harness.stop();
      for (const resource of resources.splice(0)) await resource.close();
    });
    const freshStore = async () => {
      const store = await environment.store();
      resources.push(store);
      return store;
    };
    const start = async (policy: Partial<JobPolicy>, sweepIntervalMs = 60_000, store?: JobStore) => {
      const bus = environment.bus();
      resources.push(bus);
      const harness = await startJobServiceHarness({
        store: store ?? (await freshStore()),
        bus,
        topicPrefix: environment.topicPrefix,
        policy,
        sweepIntervalMs,
      });
      running.push(harness);
      return harness;
    };
    const create = async (harness: JobServiceHarness, owner: string) =>
      (await harness.api.createJob({ type: 'order.place', owner, inputJson: JSON.stringify(ORDER) }))
        .job as Job;

    it('lets an active job expire with its TTL: gone from get, list and events', async () => {
      const harness = await start({ activeTtlMs: 500 });
      const owner = `expiring-${randomUUID()}`;
      const job = await create(harness, owner);
      assert.deepEqual(
        (await harness.api.listJobs({ owner })).jobs.map((listed) => listed.id),
        [job.id],
      );
      await eventually(
        () => harness.api.getJob({ id: job.id, owner }).then(() => false, isNotFound),
        (gone) => gone,
        10_000,
      );
      assert.deepEqual((await harness.api.listJobs({ owner })).jobs, []);
      await assert.rejects(harness.api.getJobEvents({ id: job.id, owner }), isNotFound);
    });

    it('keeps a finished job for the retention only, while an active one lives on', async () => {
      const harness = await start({ activeTtlMs: 60_000, retentionMs: 500 });
      const owner = `retained-${randomUUID()}`;
      const finished = await create(harness, owner);
      const active = await create(harness, owner);
      await harness.api.failJob({
        id: finished.id,
        owner,
        error: { code: 'DISPATCH_FAILED', message: 'test' },
      });
      await eventually(
        () => harness.api.listJobs({ owner }),
        (page) => page.jobs.length === 1,
        10_000,
      );
      assert.equal((await harness.api.getJob({ id: active.id, owner })).job?.status, 'JOB_STATUS_PENDING');
      await assert.rejects(harness.api.getJob({ id: finished.id, owner }), isNotFound);
    });

    it('ends unacknowledged jobs once, even with two replicas sweeping the same store', async () => {
      const store = await freshStore();
      const policy = { ackTimeoutMs: 300 };
      // Jobs are made before any replica sweeps, so the acknowledged one is RUNNING before its timeout could pass.
      const maker = await start(policy, 60_000, store);
      const owner = `sweep-${randomUUID()}`;
      const acknowledged = await create(maker, owner);
      await maker.report(acknowledged.id, 1, 'RUNNING');
      await eventually(
        () => maker.api.getJob({ id: acknowledged.id, owner }),
        (response) => response.job?.status === 'JOB_STATUS_RUNNING',
        10_000,
      );
      const ignored = await Promise.all(Array.from({ length: 10 }, () => create(maker, owner)));
      const cancelled = await create(maker, owner);
      await maker.api.cancelJob({ id: cancelled.id, owner });
      const first = await start(policy, 50, store);
      const second = await start(policy, 50, store);
      await eventually(
        () => first.api.listJobs({ owner, status: 'JOB_STATUS_FAILED' }),
        (page) => page.jobs.length === ignored.length,
        10_000,
      );
      for (const job of ignored) {
        const { updates } = await second.api.getJobEvents({ id: job.id, owner });
        assert.deepEqual(
          updates.map((update) => [update.seq, update.status, update.error?.code]),
          [['1', 'JOB_STATUS_FAILED', 'ACK_TIMEOUT']],
          'one sweep per job, whichever replica won',
        );
      }
      await eventually(
        () => first.api.getJob({ id: cancelled.id, owner }),
        (response) => response.job?.status === 'JOB_STATUS_CANCELLED',
        10_000,
      );
      assert.equal(
        (await first.api.getJob({ id: acknowledged.id, owner })).job?.status,
        'JOB_STATUS_RUNNING',
      );
    });
  });
}
