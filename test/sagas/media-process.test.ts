import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { MediaProcessInput } from '@jobtrack/contracts';
import { useSagaHarness } from './support/harness.ts';

const media = (simulate?: MediaProcessInput['simulate']): MediaProcessInput => ({
  mediaId: `m-${randomUUID()}`,
  albumId: 'holidays',
  fileName: 'beach.mp4',
  contentType: 'video/mp4',
  sizeBytes: 52_428_800,
  renditions: ['thumbnail', '480p', '720p', '1080p'],
  ...(simulate ? { simulate } : {}),
});

describe('media.process over Kafka and Redis', () => {
  const suite = useSagaHarness('media-process-test');

  /** The compensations participants carried out for a job, in order. */
  const undone = (jobId: string) =>
    suite
      .harness()
      .applied.filter(
        (a) => a.sagaId === jobId && a.action === 'STEP_ACTION_COMPENSATE' && a.outcome === 'success',
      )
      .map((a) => a.step);

  it('runs the happy path, with the renditions reporting their progress', async () => {
    const jobId = await suite.harness().submit('media.process', media());
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
    const renditions = events.filter((e) => e.step === 'generate_renditions');
    assert.deepEqual(
      renditions.map((e) => [e.message, e.percent]),
      [
        ['started', 25],
        ['rendition thumbnail done', 31],
        ['rendition 480p done', 38],
        ['rendition 720p done', 44],
        ['done', 50],
      ],
    );
    const percents = events.map((e) => e.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'percent never goes back',
    );
    assert.deepEqual(events.map((e) => e.stepsDone).at(-1), 4);
  });

  it('undoes the renditions, then the upload, when the album (the pivot) refuses the media', async () => {
    const jobId = await suite
      .harness()
      .submit('media.process', media({ add_to_album: { failAttempts: 1000 } }));
    const events = await suite.harness().events.finished(jobId);
    assert.deepEqual(
      events.slice(-3).map((e) => [e.status, e.step]),
      [
        ['COMPENSATING', 'generate_renditions'],
        ['COMPENSATING', 'store_upload'],
        ['COMPENSATED', 'add_to_album'],
      ],
    );
    assert.equal(events.at(-1)?.errorCode, 'ALBUM_FULL');
    assert.deepEqual(undone(jobId), ['generate_renditions', 'store_upload']);
  });

  it('retries a failing compensation until it succeeds', async () => {
    const jobId = await suite
      .harness()
      .submit(
        'media.process',
        media({ generate_renditions: { failAttempts: 1000 }, store_upload: { failCompensationAttempts: 2 } }),
      );
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'COMPENSATED');
    assert.equal(events.at(-1)?.errorCode, 'TRANSCODE_FAILED');
    const undoAttempts = suite
      .harness()
      .applied.filter((a) => a.sagaId === jobId && a.action === 'STEP_ACTION_COMPENSATE')
      .map((a) => [a.step, a.attempt, a.outcome]);
    assert.deepEqual(undoAttempts, [
      ['store_upload', 1, 'failure'],
      ['store_upload', 2, 'failure'],
      ['store_upload', 3, 'success'],
    ]);
    assert.ok(events.some((e) => e.status === 'COMPENSATING' && /^undo attempt 2 failed/.test(e.message)));
  });

  it('retries the notification, past the pivot, forward to success', async () => {
    const jobId = await suite.harness().submit('media.process', media({ notify: { failAttempts: 2 } }));
    const events = await suite.harness().events.finished(jobId);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED');
    assert.equal(events.filter((e) => /^attempt \d failed/.test(e.message)).length, 2);
  });

  it('turns away a second saga on the same media while the first runs', async () => {
    const first = media({ generate_renditions: { delayMs: 800 } });
    const firstId = await suite.harness().submit('media.process', first);
    await suite.harness().events.waitFor(firstId, (events) => events.length >= 1);
    const secondId = await suite.harness().submit('media.process', { ...first, simulate: undefined });
    const second = await suite.harness().events.finished(secondId);
    assert.deepEqual(
      second.map((e) => [e.status, e.errorCode]),
      [['FAILED', 'BUSY']],
    );
    const firstEvents = await suite.harness().events.finished(firstId);
    assert.equal(firstEvents.at(-1)?.status, 'SUCCEEDED');
    const third = await suite
      .harness()
      .events.finished(await suite.harness().submit('media.process', { ...first, simulate: undefined }));
    assert.equal(third.at(-1)?.status, 'SUCCEEDED', 'the lock is free again once the first saga ended');
  });

  it('stops a saga cancelled before its pivot and undoes, newest first, what it did', async () => {
    const jobId = await suite
      .harness()
      .submit('media.process', media({ generate_renditions: { delayMs: 800 } }));
    await suite
      .harness()
      .events.waitFor(jobId, (events) => events.some((e) => e.step === 'generate_renditions'));
    await suite.harness().cancel('media.process', jobId, 'uploaded the wrong file');
    const events = await suite.harness().events.finished(jobId);
    assert.deepEqual(
      events.slice(-3).map((e) => [e.status, e.step]),
      [
        ['COMPENSATING', 'generate_renditions'],
        ['COMPENSATING', 'store_upload'],
        ['CANCELLED', ''],
      ],
    );
    assert.equal(events.at(-1)?.errorCode, 'CANCELLED');
    assert.deepEqual(undone(jobId), ['generate_renditions', 'store_upload']);
    assert.ok(!suite.harness().applied.some((a) => a.sagaId === jobId && a.step === 'add_to_album'));
  });
});
