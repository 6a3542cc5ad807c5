import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { eventually } from '@jobtrack/platform/testing';
import {
  eventId,
  OUTBOX_GRACE_MS,
  type SagaEffect,
  type SagaInstance,
  type SagaPhase,
  type SagaStore,
} from '../../src/index.ts';

export interface OpenedStore {
  store: SagaStore;
  close(): Promise<void>;
}

/** A clock for due times: stores take `now` from their caller, so the tests move it by hand, never sleep. */
const T = 1_700_000_000_000;
const LONG_LEASE = 60_000;
/** Short enough to run out within a test, long enough for the few calls made before it should. */
const SHORT_LEASE = 300;

export function sampleInstance(overrides: Partial<SagaInstance> = {}): SagaInstance {
  const sagaId = overrides.sagaId ?? `saga-${randomUUID()}`;
  return {
    sagaId,
    jobId: sagaId,
    type: 'order.place',
    owner: 'alice',
    payloadJson: '{"orderId":"o-1"}',
    phase: 'EXECUTING',
    current: {
      step: 'reserve_stock',
      action: 'EXECUTE',
      attempt: 1,
      state: 'awaiting',
      commandId: `${sagaId}:reserve_stock:execute:1`,
      startedAt: T,
      percent: 0,
      uncertain: false,
    },
    deadline: null,
    completed: [],
    toCompensate: [],
    results: {},
    failure: null,
    cancelReason: null,
    lockKey: null,
    percent: 0,
    seq: 1,
    answered: [],
    abandoned: [],
    origin: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' },
    createdAt: T,
    ...overrides,
  };
}

function eventEffect(sagaId: string, seq: number): SagaEffect {
  return {
    kind: 'event',
    id: eventId(sagaId, seq),
    seq,
    status: 'RUNNING',
    progress: { percent: 0, step: 'reserve_stock', message: 'started', stepsDone: 0, stepsTotal: 4 },
    error: null,
    resultJson: '',
    cancelRefused: false,
  };
}

function commandEffect(sagaId: string): SagaEffect {
  return {
    kind: 'command',
    id: `${sagaId}:reserve_stock:execute:1`,
    step: 'reserve_stock',
    action: 'EXECUTE',
    attempt: 1,
  };
}

function waitingFor(lockKey: string): SagaInstance {
  return sampleInstance({ lockKey, phase: 'WAITING_LOCK', current: null, deadline: T + LONG_LEASE });
}

function finished(instance: SagaInstance, phase: SagaPhase = 'SUCCEEDED'): SagaInstance {
  return { ...instance, phase, current: null, deadline: null };
}

/** What every SagaStore adapter must do; run against MemorySagaStore and RedisSagaStore. */
export function sagaStoreContract(name: string, makeStore: () => Promise<OpenedStore>): void {
  describe(`SagaStore contract: ${name}`, () => {
    const opened: OpenedStore[] = [];
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
    });
    const fresh = async () => {
      const each = await makeStore();
      opened.push(each);
      return each.store;
    };

    async function commit(
      store: SagaStore,
      instance: SagaInstance,
      expectedVersion: number,
      options: { outbox?: SagaEffect[]; now?: number; lockLeaseMs?: number } = {},
    ): Promise<number | null> {
      return store.commit({
        instance,
        expectedVersion,
        outbox: options.outbox ?? [],
        lockLeaseMs: options.lockLeaseMs ?? LONG_LEASE,
        now: options.now ?? T,
      });
    }

    const lock = (queue: boolean, leaseMs = LONG_LEASE) => ({ leaseMs, queue, now: T });

    describe('versions and the outbox', () => {
      it('creates a saga at version 1, refuses a second creation, and counts up from there', async () => {
        const store = await fresh();
        const instance = sampleInstance();
        const outbox = [eventEffect(instance.sagaId, 1), commandEffect(instance.sagaId)];
        assert.equal(await commit(store, instance, 0, { outbox }), 1);
        assert.equal(await commit(store, { ...instance, owner: 'mallory' }, 0), null);
        assert.deepEqual(await store.load(instance.sagaId), { instance, version: 1, outbox });

        const next = { ...instance, seq: 2, completed: ['reserve_stock'] };
        assert.equal(await commit(store, next, 1, { outbox: [eventEffect(instance.sagaId, 2)] }), 2);
        assert.equal(await commit(store, next, 1), null, 'a writer that read version 1 loses');
        assert.equal(await commit(store, next, 3), null, 'a version from the future loses too');
        assert.deepEqual(await store.load(instance.sagaId), {
          instance: next,
          version: 2,
          outbox: [eventEffect(instance.sagaId, 2)],
        });
      });

      it('loads nothing for an unknown saga', async () => {
        const store = await fresh();
        assert.equal(await store.load('missing'), undefined);
      });

      it('hands out copies: changing a loaded instance changes nothing stored', async () => {
        const store = await fresh();
        const instance = sampleInstance();
        await commit(store, instance, 0, { outbox: [eventEffect(instance.sagaId, 1)] });
        const loaded = await store.load(instance.sagaId);
        assert.ok(loaded);
        loaded.instance.completed.push('tampered');
        loaded.outbox.length = 0;
        instance.answered.push('tampered');
        const again = await store.load(instance.sagaId);
        assert.deepEqual(again?.instance.completed, []);
        assert.deepEqual(again?.instance.answered, []);
        assert.equal(again?.outbox.length, 1);
      });

      it('empties the outbox on markPublished only for the version that wrote it', async () => {
        const store = await fresh();
        const instance = sampleInstance();
        await commit(store, instance, 0, { outbox: [eventEffect(instance.sagaId, 1)] });
        await commit(store, { ...instance, seq: 2 }, 1, { outbox: [eventEffect(instance.sagaId, 2)] });
        await store.markPublished(instance.sagaId, 1, null);
        assert.deepEqual((await store.load(instance.sagaId))?.outbox, [eventEffect(instance.sagaId, 2)]);
        await store.markPublished(instance.sagaId, 2, null);
        const loaded = await store.load(instance.sagaId);
        assert.deepEqual(loaded?.outbox, []);
        assert.equal(loaded?.version, 2, 'publishing is not a new version');
        assert.equal(loaded?.instance.seq, 2);
      });
    });

    describe('due times', () => {
      it('claims a saga once its deadline has come, not before', async () => {
        const store = await fresh();
        const instance = sampleInstance({ deadline: T + 1000 });
        await commit(store, instance, 0);
        assert.deepEqual(await store.claimDue(T + 999, 10, 5000), []);
        assert.deepEqual(await store.claimDue(T + 1000, 10, 5000), [instance.sagaId]);
      });

      it('hides a claimed saga for claimMs, then it is due again', async () => {
        const store = await fresh();
        const instance = sampleInstance({ deadline: T + 1000 });
        await commit(store, instance, 0);
        assert.deepEqual(await store.claimDue(T + 1000, 10, 5000), [instance.sagaId]);
        assert.deepEqual(await store.claimDue(T + 1000, 10, 5000), [], 'another replica skips it');
        assert.deepEqual(await store.claimDue(T + 5999, 10, 5000), []);
        assert.deepEqual(await store.claimDue(T + 6000, 10, 5000), [instance.sagaId]);
      });

      it('claims the most overdue sagas first, at most `limit` of them', async () => {
        const store = await fresh();
        const late = sampleInstance({ deadline: T + 300 });
        const early = sampleInstance({ deadline: T + 100 });
        const middle = sampleInstance({ deadline: T + 200 });
        const future = sampleInstance({ deadline: T + 10_000 });
        for (const instance of [late, early, middle, future]) await commit(store, instance, 0);
        assert.deepEqual(await store.claimDue(T + 1000, 2, 5000), [early.sagaId, middle.sagaId]);
        assert.deepEqual(await store.claimDue(T + 1000, 10, 5000), [late.sagaId]);
      });

      it('makes a saga with an unpublished outbox due within the grace, then at its deadline once published', async () => {
        const store = await fresh();
        const instance = sampleInstance({ deadline: T + 60_000 });
        const outbox = [eventEffect(instance.sagaId, 1)];
        await commit(store, instance, 0, { outbox, now: T });
        assert.deepEqual(await store.claimDue(T + OUTBOX_GRACE_MS - 1, 10, 100), []);
        assert.deepEqual(await store.claimDue(T + OUTBOX_GRACE_MS, 10, 100), [instance.sagaId]);

        await store.markPublished(instance.sagaId, 1, T + 60_000);
        assert.deepEqual(await store.claimDue(T + 59_999, 10, 100), []);
        assert.deepEqual(await store.claimDue(T + 60_000, 10, 100), [instance.sagaId]);

        const soon = sampleInstance({ deadline: T + 1000 });
        await commit(store, soon, 0, { outbox: [eventEffect(soon.sagaId, 1)], now: T });
        assert.deepEqual(await store.claimDue(T + 1000, 10, 100), [soon.sagaId], 'a sooner deadline wins');

        const idle = sampleInstance({ deadline: null });
        await commit(store, idle, 0, { outbox: [eventEffect(idle.sagaId, 1)], now: T });
        await store.markPublished(idle.sagaId, 1, null);
        const due = await store.claimDue(T + 10 * OUTBOX_GRACE_MS, 10, 100);
        assert.ok(!due.includes(idle.sagaId), 'published, with no deadline: nothing left to do');
      });

      it('reschedules a claimed saga with the version it read, and ignores a stale version', async () => {
        const store = await fresh();
        const instance = sampleInstance({ deadline: T + 1000 });
        await commit(store, instance, 0);
        await commit(store, { ...instance, deadline: T + 2000 }, 1);
        await store.reschedule(instance.sagaId, 1, T + 500);
        assert.deepEqual(await store.claimDue(T + 1999, 10, 100), [], 'the newer commit set the due time');
        await store.reschedule(instance.sagaId, 2, T + 500);
        assert.deepEqual(await store.claimDue(T + 500, 10, 100), [instance.sagaId]);
        await store.reschedule(instance.sagaId, 2, null);
        assert.deepEqual(await store.claimDue(T + 100_000, 10, 100), []);
      });

      it('removes the leftover due entry of a saga that does not exist with reschedule(id, 0, null)', async () => {
        const store = await fresh();
        const holder = sampleInstance({ lockKey: 'order:ghost' });
        assert.equal(await store.tryLock('order:ghost', holder.sagaId, lock(false)), true);
        await commit(store, holder, 0);
        assert.equal(await store.tryLock('order:ghost', 'ghost', lock(true)), false);
        await commit(store, finished(holder), 1, { now: T });
        assert.deepEqual(await store.claimDue(T, 10, 100), ['ghost'], 'woken, though it has no instance');
        assert.equal(await store.load('ghost'), undefined);
        await store.reschedule('ghost', 0, null);
        assert.deepEqual(await store.claimDue(T + 100_000, 10, 100), []);
      });

      it('counts sagas in flight until they finish, and keeps the finished ones loadable', async () => {
        const store = await fresh();
        const a = sampleInstance();
        const b = sampleInstance();
        assert.equal(await store.inFlight(), 0);
        await commit(store, a, 0);
        await commit(store, b, 0);
        await commit(store, { ...a, seq: 2 }, 1);
        assert.equal(await store.inFlight(), 2);
        await commit(store, finished(a, 'COMPENSATED'), 2);
        assert.equal(await store.inFlight(), 1);
        assert.equal((await store.load(a.sagaId))?.instance.phase, 'COMPENSATED');
        await commit(store, finished(b, 'FAILED'), 1);
        assert.equal(await store.inFlight(), 0);
      });
    });

    describe('semantic locks', () => {
      it('gives the lock to the first saga, queues the next ones, and hands it to the head of the queue on finish', async () => {
        const store = await fresh();
        const key = `order:${randomUUID()}`;
        const a = sampleInstance({ lockKey: key });
        const b = waitingFor(key);
        const c = waitingFor(key);
        assert.equal(await store.tryLock(key, a.sagaId, lock(true)), true);
        assert.equal(await store.tryLock(key, a.sagaId, lock(true)), true, 'the holder may ask again');
        await commit(store, a, 0);
        assert.equal(await store.tryLock(key, b.sagaId, lock(true)), false);
        assert.equal(await store.tryLock(key, c.sagaId, lock(true)), false);
        assert.equal(await store.tryLock(key, b.sagaId, lock(true)), false, 'asking again keeps its place');
        await commit(store, b, 0, { now: T });
        await commit(store, c, 0, { now: T });
        assert.deepEqual(await store.claimDue(T, 10, 100), [], 'the waiters sleep');

        await commit(store, finished(a), 1, { now: T + 50 });
        assert.deepEqual(await store.claimDue(T + 50, 10, 100), [b.sagaId], 'the head is woken at once');
        assert.equal(await store.tryLock(key, 'newcomer', lock(false)), false, 'no one jumps the queue');
        assert.equal(await store.tryLock(key, c.sagaId, lock(true)), false);
        assert.equal(await store.tryLock(key, b.sagaId, lock(true)), true);

        await commit(store, finished(b), 1, { now: T + 80 });
        assert.deepEqual(await store.claimDue(T + 80, 10, 100), [c.sagaId]);
        assert.equal(await store.tryLock(key, c.sagaId, lock(true)), true);
        await commit(store, finished(c), 1, { now: T + 90 });
        assert.equal(await store.tryLock(key, 'newcomer', lock(false)), true, 'free once nobody waits');
      });

      it('takes a queued saga that finishes (a cancel while waiting) off the queue', async () => {
        const store = await fresh();
        const key = `order:${randomUUID()}`;
        const a = sampleInstance({ lockKey: key });
        const b = waitingFor(key);
        const c = waitingFor(key);
        await store.tryLock(key, a.sagaId, lock(true));
        await commit(store, a, 0);
        await store.tryLock(key, b.sagaId, lock(true));
        await store.tryLock(key, c.sagaId, lock(true));
        await commit(store, finished(b, 'CANCELLED'), 0, { now: T });
        await commit(store, c, 0, { now: T });

        await commit(store, finished(a), 1, { now: T + 10 });
        assert.deepEqual(
          await store.claimDue(T + 10, 10, 100),
          [c.sagaId],
          'the lock skips the cancelled saga',
        );
        assert.equal(await store.tryLock(key, c.sagaId, lock(true)), true);
        assert.equal(await store.tryLock(key, b.sagaId, lock(false)), false);
      });

      it('never queues a saga that rejects on a busy lock', async () => {
        const store = await fresh();
        const key = `order:${randomUUID()}`;
        const a = sampleInstance({ lockKey: key });
        await store.tryLock(key, a.sagaId, lock(false));
        await commit(store, a, 0);
        assert.equal(await store.tryLock(key, 'rejected', lock(false)), false);
        await commit(store, finished(a), 1, { now: T });
        assert.deepEqual(await store.claimDue(T + 100_000, 10, 100), [], 'no one was waiting');
        assert.equal(await store.tryLock(key, 'newcomer', lock(false)), true);
      });

      it('lets another saga take a lock whose lease ran out', async () => {
        const store = await fresh();
        const key = `order:${randomUUID()}`;
        assert.equal(await store.tryLock(key, 'crashed', lock(false, SHORT_LEASE)), true);
        assert.equal(await store.tryLock(key, 'next', lock(false)), false);
        await eventually(
          () => store.tryLock(key, 'next', lock(false)),
          (acquired) => acquired,
        );
        assert.equal(await store.tryLock(key, 'crashed', lock(false)), false, 'the crashed saga lost it');
      });

      it('gives a lapsed lock to the head of its queue rather than to a newcomer', async () => {
        const store = await fresh();
        const key = `order:${randomUUID()}`;
        const clock = `clock:${randomUUID()}`;
        assert.equal(await store.tryLock(key, 'crashed', lock(false, SHORT_LEASE)), true);
        assert.equal(await store.tryLock(key, 'waiter', lock(true)), false);
        await lapseOf(store, clock);
        assert.equal(await store.tryLock(key, 'newcomer', lock(false)), false);
        assert.deepEqual(await store.claimDue(T, 10, 100), ['waiter'], 'the waiter is woken');
        assert.equal(await store.tryLock(key, 'waiter', lock(true)), true);
      });

      it('renews the holder’s lease on every commit that does not finish the saga', async () => {
        const store = await fresh();
        const key = `order:${randomUUID()}`;
        const a = sampleInstance({ lockKey: key });
        assert.equal(await store.tryLock(key, a.sagaId, lock(false, SHORT_LEASE)), true);
        await commit(store, a, 0, { lockLeaseMs: LONG_LEASE });
        await lapseOf(store, `clock:${randomUUID()}`);
        assert.equal(await store.tryLock(key, 'other', lock(false)), false, 'still held');
      });
    });
  });
}

/**
 * Waits until a lease of SHORT_LEASE taken now has run out, by taking one on a lock of its own and polling it:
 * the leases taken before it have run out by then too. The stores read their own clocks for leases.
 */
async function lapseOf(store: SagaStore, clockKey: string): Promise<void> {
  assert.equal(await store.tryLock(clockKey, 'clock', { leaseMs: SHORT_LEASE, queue: false, now: T }), true);
  await eventually(
    () => store.tryLock(clockKey, 'probe', { leaseMs: LONG_LEASE, queue: false, now: T }),
    (acquired) => acquired,
  );
}
