import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OffsetCommitter, type PartitionOffset } from '../../src/bus/offset-committer.ts';

/** A committer whose commits are recorded, failing while `failing` is set. */
function recording(intervalMs = 100) {
  const commits: PartitionOffset[][] = [];
  const errors: unknown[] = [];
  const state = { failing: false };
  const committer = new OffsetCommitter({
    commit: async (offsets) => {
      if (state.failing) throw new Error('rebalance in progress');
      commits.push(offsets);
    },
    intervalMs,
    onError: (error) => errors.push(error),
  });
  return { committer, commits, errors, state };
}

describe('OffsetCommitter', () => {
  it('commits the latest done offset of each partition once the interval has passed, in one request', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { committer, commits } = recording(100);
    committer.done('jobs', 0, '5');
    committer.done('jobs', 0, '9');
    committer.done('jobs', 1, '3');
    t.mock.timers.tick(99);
    await Promise.resolve();
    assert.deepEqual(commits, [], 'nothing before the interval');
    t.mock.timers.tick(1);
    // Waits for the commit the timer started; nothing else is pending.
    await committer.flush();
    committer.close();
    assert.deepEqual(commits, [
      [
        { topic: 'jobs', partition: 0, offset: '9' },
        { topic: 'jobs', partition: 1, offset: '3' },
      ],
    ]);
  });

  it('keeps offsets whose commit failed for the next attempt, unless a later one of the partition came meanwhile', async () => {
    const { committer, commits, errors, state } = recording();
    committer.done('jobs', 0, '4');
    committer.done('jobs', 1, '7');
    state.failing = true;
    const failed = committer.flush();
    committer.done('jobs', 1, '8');
    await failed;
    assert.equal(errors.length, 1);
    state.failing = false;
    await committer.flush();
    committer.close();
    assert.deepEqual(commits, [
      [
        { topic: 'jobs', partition: 1, offset: '8' },
        { topic: 'jobs', partition: 0, offset: '4' },
      ],
    ]);
  });

  it('drops the offsets of partitions a rebalance moved to another member', async () => {
    const { committer, commits } = recording();
    committer.done('jobs', 0, '4');
    committer.done('jobs', 1, '7');
    committer.done('replies', 2, '1');
    committer.keepOnly({ jobs: [1] });
    await committer.flush();
    committer.close();
    assert.deepEqual(commits, [[{ topic: 'jobs', partition: 1, offset: '7' }]]);
  });

  it('commits nothing when nothing is done, and one request per flush however many offsets came', async () => {
    const { committer, commits } = recording();
    await committer.flush();
    for (let offset = 1; offset <= 1000; offset++) committer.done('jobs', offset % 4, String(offset));
    await committer.flush();
    committer.close();
    assert.equal(commits.length, 1);
    assert.equal(commits[0]?.length, 4);
  });
});
