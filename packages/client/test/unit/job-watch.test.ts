import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type JobWatchInit, JobWatchState, type WatchEnd } from '../../src/job-watch.ts';
import type { JobUpdate } from '../../src/types.ts';
import { update } from './updates.ts';

function watchOf(init: Partial<JobWatchInit> = {}) {
  const ends: WatchEnd[] = [];
  const watch = new JobWatchState('job-1', {
    level: 'detail',
    onEnd: (_watch, reason) => ends.push(reason),
    onListenerError: (error) => {
      throw error;
    },
    ...init,
  });
  return { watch, ends };
}

async function collect(iterable: AsyncIterable<JobUpdate>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const item of iterable) seqs.push(item.seq);
  return seqs;
}

describe('JobWatchState', () => {
  it('delivers strictly increasing seqs, dropping duplicates and older ones', () => {
    const seen: number[] = [];
    const { watch } = watchOf({ onUpdate: (u) => seen.push(u.seq) });
    const accepted = [1, 2, 2, 1, 4, 3, 5].map((seq) => watch.deliver(update(seq)));
    assert.deepEqual(accepted, [true, true, false, false, true, false, true]);
    assert.deepEqual(seen, [1, 2, 4, 5]);
    assert.equal(watch.lastSeq, 5);
  });

  it('starts after `since`', () => {
    const { watch } = watchOf({ since: 3 });
    assert.equal(watch.lastSeq, 3);
    assert.equal(watch.deliver(update(3)), false);
    assert.equal(watch.deliver(update(4)), true);
  });

  it('resumes from the last update, from a given `since` even when 0, and otherwise asks for the current state', () => {
    const fresh = watchOf().watch;
    assert.equal(fresh.resumeFrom, undefined);
    fresh.deliver(update(2));
    assert.equal(fresh.resumeFrom, 2);
    assert.equal(watchOf({ since: 0 }).watch.resumeFrom, 0);
  });

  it('yields buffered and later updates in order and ends after the terminal one', async () => {
    const { watch, ends } = watchOf();
    watch.deliver(update(1));
    watch.deliver(update(2));
    const seqs = collect(watch);
    watch.deliver(update(3));
    watch.deliver(update(4, 'SUCCEEDED'));
    watch.deliver(update(5));
    assert.deepEqual(await seqs, [1, 2, 3, 4]);
    assert.equal((await watch.done).seq, 4);
    assert.deepEqual(ends, ['terminal']);
    assert.equal(watch.active, false);
  });

  it('ends a waiting reader when the terminal update arrives', async () => {
    const { watch } = watchOf();
    const iterator = watch[Symbol.asyncIterator]();
    const first = iterator.next();
    watch.deliver(update(1, 'FAILED'));
    assert.equal((await first).value?.seq, 1);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  it('bounds the queue of a slow reader by dropping the oldest updates, never the terminal one', async () => {
    const { watch } = watchOf({ queueLimit: 3 });
    for (let seq = 1; seq <= 9; seq++) watch.deliver(update(seq));
    watch.deliver(update(10, 'SUCCEEDED'));
    assert.equal(watch.dropped, 7);
    assert.deepEqual(await collect(watch), [8, 9, 10]);
  });

  it('rejects done and ends the iterator on close', async () => {
    const { watch, ends } = watchOf();
    watch.deliver(update(1));
    const seqs = collect(watch);
    watch.close();
    await assert.rejects(watch.done, /closed before the job ended/);
    assert.deepEqual(await seqs, [1]);
    watch.close();
    assert.deepEqual(ends, ['closed']);
    assert.equal(watch.deliver(update(2)), false);
  });

  it('closes the watch when the reader leaves the loop', async () => {
    const { watch, ends } = watchOf();
    watch.deliver(update(1));
    watch.deliver(update(2));
    for await (const item of watch) {
      assert.equal(item.seq, 1);
      break;
    }
    assert.deepEqual(ends, ['closed']);
    await assert.rejects(watch.done);
  });

  it('ends the iterator with the error after what was queued, and rejects done with it', async () => {
    const { watch, ends } = watchOf();
    watch.deliver(update(1));
    const error = Object.assign(new Error('no job job-1'), { code: 'NOT_FOUND' });
    watch.fail(error);
    const iterator = watch[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value?.seq, 1);
    await assert.rejects(iterator.next(), error);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    await assert.rejects(watch.done, error);
    assert.deepEqual(ends, ['failed']);
  });

  it('rejects a reader already waiting when the watch fails', async () => {
    const { watch } = watchOf();
    const next = watch[Symbol.asyncIterator]().next();
    watch.fail(new Error('gone'));
    await assert.rejects(next, /gone/);
  });

  it('resolves done with a terminal state learnt without an update, yielding nothing more', async () => {
    const { watch, ends } = watchOf({ since: 7 });
    watch.finish(update(7, 'COMPENSATED'));
    assert.equal((await watch.done).status, 'COMPENSATED');
    assert.deepEqual(await collect(watch), []);
    assert.deepEqual(ends, ['terminal']);
  });

  it('tells recovered listeners, and stops calling listeners that unsubscribed or after the end', () => {
    const { watch } = watchOf();
    const recovered: boolean[] = [];
    const updates: number[] = [];
    watch.on('recovered', (value) => recovered.push(value));
    const off = watch.on('update', (u) => updates.push(u.seq));
    watch.resumed(true);
    watch.deliver(update(1));
    off();
    watch.deliver(update(2));
    watch.resumed(false);
    watch.close();
    watch.resumed(true);
    assert.deepEqual(recovered, [true, false]);
    assert.deepEqual(updates, [1]);
  });

  it('reports a throwing listener and keeps delivering', async () => {
    const errors: unknown[] = [];
    const { watch } = watchOf({ onListenerError: (error) => errors.push(error) });
    watch.on('update', () => {
      throw new Error('listener bug');
    });
    watch.deliver(update(1, 'SUCCEEDED'));
    assert.equal(errors.length, 1);
    assert.equal((await watch.done).seq, 1);
  });

  it('can be iterated once', () => {
    const { watch } = watchOf();
    watch[Symbol.asyncIterator]();
    assert.throws(() => watch[Symbol.asyncIterator](), TypeError);
  });
});
