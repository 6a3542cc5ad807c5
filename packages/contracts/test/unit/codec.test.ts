import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage, encodeMessage, PayloadError } from '../../src/index.ts';

describe('message codec', () => {
  it('round-trips a job update with the generated types', () => {
    const bytes = encodeMessage('jobtrack.jobs.v1.JobUpdate', {
      jobId: 'j1',
      owner: 'alice',
      type: 'order.place',
      seq: 3,
      status: 'JOB_STATUS_RUNNING',
      progress: { percent: 40, step: 'authorize_payment' },
      updateTime: { seconds: '1700000000', nanos: 5 },
    });
    const update = decodeMessage('jobtrack.jobs.v1.JobUpdate', bytes);
    assert.equal(update.jobId, 'j1');
    assert.equal(update.seq, '3');
    assert.equal(update.status, 'JOB_STATUS_RUNNING');
    assert.deepEqual(update.progress, {
      percent: 40,
      step: 'authorize_payment',
      message: '',
      stepsDone: 0,
      stepsTotal: 0,
    });
    assert.equal(update.outcome, undefined);
    assert.equal(update.error, undefined);
  });

  it('rejects a value that does not fit the schema when encoding', () => {
    assert.throws(
      () =>
        encodeMessage('jobtrack.events.v1.JobEvent', { progress: 'half' as unknown as { percent: number } }),
      PayloadError,
    );
  });

  it('rejects bytes that are not a protobuf message', () => {
    assert.throws(
      () => decodeMessage('jobtrack.events.v1.JobEvent', new TextEncoder().encode('{"not":"protobuf"}')),
      PayloadError,
    );
  });
});
