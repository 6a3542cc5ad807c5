import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobStatusName } from '@jobtrack/contracts';
import { JobStream, type OutgoingEvent } from '../../src/job-stream.ts';

const event = (seq: number, status: JobStatusName = 'RUNNING', percent = seq): OutgoingEvent => ({
  jobId: 'job-1',
  owner: 'alice',
  seq,
  status,
  percent,
  committedAt: 0,
  data: Buffer.from(`{"seq":${seq}}`),
});
const seqs = (events: readonly OutgoingEvent[]) => events.map((e) => e.seq);

describe('JobStream', () => {
  it('holds events until it starts, then sends them after what it starts with, in seq order', () => {
    const stream = new JobStream('detail');
    stream.baseline(2);
    assert.equal(stream.push(event(5)), 'skip');
    assert.equal(stream.push(event(4)), 'skip');
    const step = stream.resume([event(3)]);
    assert.deepEqual(seqs(step.send), [3, 4, 5]);
    assert.equal(step.gapAfter, undefined);
    assert.equal(stream.lastSeq, 5);
  });

  it('drops repeats and old events, and holds what comes past a gap until the history fills it', () => {
    const stream = new JobStream('detail');
    stream.baseline(1);
    stream.resume([]);
    assert.equal(stream.push(event(2)), 'send');
    assert.equal(stream.push(event(2)), 'skip');
    assert.equal(stream.push(event(1)), 'skip');
    assert.equal(stream.push(event(5)), 'gap');
    assert.equal(stream.lastSeq, 2);
    assert.equal(stream.push(event(6)), 'skip', 'held behind the gap');
    assert.deepEqual(seqs(stream.resume([event(3), event(4), event(5)]).send), [3, 4, 5, 6]);
  });

  it('gives up a gap the history cannot fill and goes on from the held events', () => {
    const stream = new JobStream('detail');
    stream.baseline(1);
    stream.resume([]);
    assert.equal(stream.push(event(9)), 'gap');
    const replay = stream.resume([]);
    assert.deepEqual(seqs(replay.send), []);
    assert.equal(replay.gapAfter, 1, 'still a gap');
    assert.deepEqual(seqs(stream.acceptGap().send), [9]);
    assert.equal(stream.push(event(10)), 'send');
  });

  it('at level status sends changes of status, at progress changes of status or percent', () => {
    const status = new JobStream('status');
    const progress = new JobStream('progress');
    for (const stream of [status, progress]) {
      stream.baseline(0);
      stream.resume([]);
    }
    const updates = [
      event(1, 'RUNNING', 10),
      event(2, 'RUNNING', 10),
      event(3, 'RUNNING', 50),
      event(4, 'SUCCEEDED', 100),
    ];
    assert.deepEqual(
      updates.map((update) => status.push(update)),
      ['send', 'skip', 'skip', 'send'],
    );
    assert.deepEqual(
      updates.map((update) => progress.push(update)),
      ['send', 'skip', 'send', 'send'],
    );
  });

  it('starts at whatever seq comes first when it has no baseline', () => {
    const stream = new JobStream('detail');
    stream.resume([]);
    assert.equal(stream.push(event(7)), 'send');
    assert.equal(stream.push(event(9)), 'gap');
  });
});
