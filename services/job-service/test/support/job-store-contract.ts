import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Collector, eventually } from '@jobtrack/platform/testing';
import { EMPTY_PROGRESS, type JobRecord } from '../../src/job.ts';
import type { JobStore } from '../../src/store/port.ts';

export function sampleJob(overrides: Partial<JobRecord> = {}): JobRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    type: 'order.place',
    owner: 'alice',
    status: 'PENDING',
    progress: EMPTY_PROGRESS,
    seq: 0,
    eventSeq: 0,
    cancelRequested: false,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 60_000,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    ...overrides,
  };
}

const commitOptions = { historyLimit: 3, acknowledged: false };

/** The next state of a job: one more update, as a transition would make it. */
function advance(job: JobRecord, overrides: Partial<JobRecord> = {}): JobRecord {
  return { ...job, status: 'RUNNING', seq: job.seq + 1, eventSeq: job.eventSeq + 1, ...overrides };
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

    it('stores a job and reads it back unchanged, alone and in bulk', async () => {
      const store = await fresh();
      const job = sampleJob({ status: 'FAILED', error: { code: 'X', message: 'y' } });
      assert.deepEqual(await store.create(job), { created: true });
      assert.deepEqual(await store.get(job.id), job);
      assert.deepEqual(await store.getMany([job.id, 'missing']), [job, undefined]);
    });

    it('refuses a second job with the same id', async () => {
      const store = await fresh();
      const job = sampleJob();
      await store.create(job);
      assert.deepEqual(await store.create({ ...job, owner: 'mallory' }), {
        created: false,
        reason: 'id_taken',
      });
      assert.equal((await store.get(job.id))?.owner, 'alice');
    });

    it('claims an idempotency key with the job, and names the job to a second claimant', async () => {
      const store = await fresh();
      const claim = { key: randomUUID(), fingerprint: 'f1', ttlMs: 60_000 };
      const first = sampleJob();
      assert.deepEqual(await store.create(first, claim), { created: true });
      const second = sampleJob();
      assert.deepEqual(await store.create(second, { ...claim, fingerprint: 'f2' }), {
        created: false,
        reason: 'key_claimed',
        jobId: first.id,
        fingerprint: 'f1',
      });
      assert.equal(await store.get(second.id), undefined, 'the second job was not stored');
    });

    it('lets a claim supersede the named job for the same fingerprint only', async () => {
      const store = await fresh();
      const claim = { key: randomUUID(), fingerprint: 'f1', ttlMs: 60_000 };
      const first = sampleJob();
      await store.create(first, claim);
      const other = await store.create(sampleJob(), { ...claim, fingerprint: 'f2', supersedes: first.id });
      assert.equal(other.created, false, 'another request cannot take the key over');
      const retry = sampleJob();
      assert.deepEqual(await store.create(retry, { ...claim, supersedes: first.id }), { created: true });
      assert.deepEqual(await store.create(sampleJob(), claim), {
        created: false,
        reason: 'key_claimed',
        jobId: retry.id,
        fingerprint: 'f1',
      });
    });

    it('lets a key be claimed again once the job it named has expired', async () => {
      const store = await fresh();
      const claim = { key: randomUUID(), fingerprint: 'f1', ttlMs: 60_000 };
      const shortLived = sampleJob({ expiresAt: Date.now() + 100 });
      await store.create(shortLived, claim);
      await eventually(
        () => store.get(shortLived.id),
        (job) => job === undefined,
        5000,
      );
      assert.deepEqual(await store.create(sampleJob(), claim), { created: true });
    });

    it('commits only over the expected seq, never resurrecting a missing job', async () => {
      const store = await fresh();
      const job = sampleJob();
      await store.create(job);
      const running = advance(job);
      assert.equal(await store.commit(running, 0, commitOptions), true);
      assert.equal(
        await store.commit(advance(job, { status: 'FAILED' }), 0, commitOptions),
        false,
        'stale writer',
      );
      assert.deepEqual(await store.get(job.id), running);
      assert.equal(await store.commit(sampleJob({ seq: 1 }), 0, commitOptions), false);
    });

    it('keeps the last updates of a job as its history, oldest first', async () => {
      const store = await fresh();
      let job = sampleJob();
      await store.create(job);
      assert.deepEqual(await store.history(job.id), []);
      for (let i = 1; i <= 5; i++) {
        const next = advance(job, { progress: { ...EMPTY_PROGRESS, percent: i * 10 } });
        assert.equal(await store.commit(next, job.seq, commitOptions), true);
        job = next;
      }
      const history = await store.history(job.id);
      assert.deepEqual(
        history.map((entry) => [entry.seq, entry.status, entry.progress.percent]),
        [
          [3, 'RUNNING', 30],
          [4, 'RUNNING', 40],
          [5, 'RUNNING', 50],
        ],
      );
    });

    it('indexes jobs by owner, newest first with ties by id, paged by creation time and offset', async () => {
      const store = await fresh();
      const owner = `owner-${randomUUID()}`;
      const t = Date.now();
      const jobs = [
        sampleJob({ owner, id: 'a', createdAt: t }),
        sampleJob({ owner, id: 'b', createdAt: t }),
        sampleJob({ owner, id: 'c', createdAt: t + 1 }),
        sampleJob({ owner: 'someone-else', id: 'd', createdAt: t + 2 }),
      ];
      for (const job of jobs) await store.create(job);
      const ids = async (max: number, offset: number, count: number) =>
        (await store.ownerIndex(owner, max, offset, count)).map((entry) => entry.id);
      assert.deepEqual(await ids(Number.POSITIVE_INFINITY, 0, 10), ['c', 'b', 'a']);
      assert.deepEqual(await ids(t, 0, 10), ['b', 'a']);
      assert.deepEqual(await ids(t + 1, 1, 1), ['b']);
      assert.deepEqual(await store.ownerIndex(owner, t, 0, 1), [{ id: 'b', createdAt: t }]);
      await store.dropFromOwnerIndex(owner, ['b']);
      assert.deepEqual(await ids(Number.POSITIVE_INFINITY, 0, 10), ['c', 'a']);
    });

    it('tracks unacknowledged jobs oldest first until a commit acknowledges them', async () => {
      const store = await fresh();
      const t = Date.now() - 10_000;
      const older = sampleJob({ createdAt: t });
      const newer = sampleJob({ createdAt: t + 1 });
      const recent = sampleJob({ createdAt: t + 5_000 });
      for (const job of [newer, recent, older]) await store.create(job);
      assert.deepEqual(await store.unacknowledged(t + 1, 10), [older.id, newer.id]);
      assert.equal(await store.commit(advance(older), 0, { ...commitOptions, acknowledged: true }), true);
      assert.equal(await store.commit(advance(newer), 0, commitOptions), true);
      assert.deepEqual(await store.unacknowledged(t + 1, 10), [newer.id]);
      await store.dropUnacknowledged([newer.id]);
      assert.deepEqual(await store.unacknowledged(t + 10_000, 10), [recent.id]);
    });

    it('notifies watchers of each commit of their job only, until they unsubscribe', async () => {
      const store = await fresh();
      const watched = sampleJob();
      const other = sampleJob();
      await store.create(watched);
      await store.create(other);
      const seen = new Collector<JobRecord>();
      const unsubscribe = await store.watch(watched.id, (job) => seen.push(job));
      const first = advance(watched);
      await store.commit(advance(other), 0, commitOptions);
      await store.commit(first, 0, commitOptions);
      assert.deepEqual(await seen.waitFor(1), [first]);
      await unsubscribe();
      const second = advance(first);
      await store.commit(second, 1, commitOptions);
      const lateWatcher = new Collector<JobRecord>();
      const stop = await store.watch(watched.id, (job) => lateWatcher.push(job));
      const third = advance(second);
      await store.commit(third, 2, commitOptions);
      assert.deepEqual(await lateWatcher.waitFor(1), [third], 'a later watcher hears only later commits');
      assert.deepEqual(seen.items, [first], 'the first watcher heard nothing after unsubscribing');
      await stop();
    });

    it('lets a job and its history vanish when its expiry passes, and takes the new expiry on commit', async () => {
      const store = await fresh();
      const job = sampleJob({ expiresAt: Date.now() + 150 });
      await store.create(job);
      const kept = advance(job, { expiresAt: Date.now() + 60_000 });
      const shortLived = sampleJob({ expiresAt: Date.now() + 150 });
      await store.create(shortLived);
      const shortLivedUpdate = advance(shortLived, { expiresAt: Date.now() + 150 });
      await store.commit(shortLivedUpdate, 0, commitOptions);
      assert.equal(await store.commit(kept, 0, commitOptions), true);
      await eventually(
        () => store.get(shortLived.id),
        (value) => value === undefined,
        5000,
      );
      assert.deepEqual(await store.history(shortLived.id), []);
      assert.equal((await store.get(job.id))?.seq, 1, 'the renewed job outlives its first expiry');
    });
  });
}
