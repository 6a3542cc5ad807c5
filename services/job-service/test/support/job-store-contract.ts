import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { eventually } from '@jobtrack/platform/testing';
import type { JobRecord } from '../../src/job.ts';
import type { JobStore } from '../../src/store/port.ts';

export function sampleJob(overrides: Partial<JobRecord> = {}): JobRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    type: 'order.place',
    owner: 'alice',
    status: 'PENDING',
    progress: { percent: 0, step: '', message: '' },
    seq: 0,
    eventSeq: 0,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 60_000,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    ...overrides,
  };
}

/** What every JobStore adapter must do; run against MemoryJobStore and RedisJobStore. */
export function jobStoreContract(name: string, createStore: () => Promise<JobStore>): void {
  describe(`JobStore contract: ${name}`, () => {
    const stores: JobStore[] = [];
    after(async () => {
      for (const store of stores) await store.close();
    });
    const fresh = async () => {
      const store = await createStore();
      stores.push(store);
      return store;
    };

    it('stores a job and reads it back unchanged', async () => {
      const store = await fresh();
      const job = sampleJob({ error: { code: 'X', message: 'y' }, resultJson: '{"a":1}' });
      assert.equal(await store.create(job), true);
      assert.deepEqual(await store.get(job.id), job);
    });

    it('refuses a second job with the same id', async () => {
      const store = await fresh();
      const job = sampleJob();
      await store.create(job);
      assert.equal(await store.create({ ...job, owner: 'mallory' }), false);
      assert.equal((await store.get(job.id))?.owner, 'alice');
    });

    it('answers undefined for an unknown job', async () => {
      const store = await fresh();
      assert.equal(await store.get(randomUUID()), undefined);
    });

    it('replaces a job only at the expected seq', async () => {
      const store = await fresh();
      const job = sampleJob();
      await store.create(job);
      const running = { ...job, status: 'RUNNING' as const, seq: 1 };
      assert.equal(await store.compareAndSet(running, 0), true);
      assert.equal(
        await store.compareAndSet({ ...job, status: 'FAILED', seq: 1 }, 0),
        false,
        'stale writer loses',
      );
      assert.deepEqual(await store.get(job.id), running);
    });

    it('does not resurrect an unknown job through compare-and-set', async () => {
      const store = await fresh();
      const job = sampleJob();
      assert.equal(await store.compareAndSet(job, 0), false);
      assert.equal(await store.get(job.id), undefined);
    });

    it('lets a job vanish when its expiry passes, and takes the new expiry on update', async () => {
      const store = await fresh();
      const job = sampleJob({ expiresAt: Date.now() + 150 });
      await store.create(job);
      const kept = { ...job, seq: 1, expiresAt: Date.now() + 60_000 };
      const shortLived = sampleJob({ expiresAt: Date.now() + 150 });
      await store.create(shortLived);
      assert.equal(await store.compareAndSet(kept, 0), true);
      await eventually(
        () => store.get(shortLived.id),
        (value) => value === undefined,
        5000,
      );
      assert.equal((await store.get(job.id))?.seq, 1, 'the renewed job outlives its first expiry');
    });
  });
}
