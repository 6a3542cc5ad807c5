import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobEvent } from '@jobtrack/contracts';
import { applyEvent, failPending } from '../../src/transitions.ts';
import { sampleJob } from '../support/job-store-contract.ts';

const ttl = () => 1000;
const event = (overrides: Partial<JobEvent>): JobEvent => ({
  jobId: 'j',
  seq: '1',
  status: 'JOB_STATUS_RUNNING',
  progress: { percent: 10, step: 'reserve_stock', message: '' },
  error: null,
  resultJson: '',
  occurTime: null,
  ...overrides,
});

describe('job transitions', () => {
  it('applies an event and counts the update', () => {
    const result = applyEvent(sampleJob(), event({}), 5000, ttl);
    assert.ok(result.ok);
    assert.equal(result.job.status, 'RUNNING');
    assert.equal(result.job.seq, 1);
    assert.equal(result.job.eventSeq, 1);
    assert.equal(result.job.expiresAt, 6000);
  });

  it('rejects a stale or repeated event', () => {
    const job = sampleJob({ status: 'RUNNING', seq: 2, eventSeq: 2 });
    assert.deepEqual(applyEvent(job, event({ seq: '2' }), 0, ttl), {
      ok: false,
      reason: 'stale',
      detail: 'seq 2 is not above 2',
    });
  });

  it('rejects anything after a terminal status', () => {
    const job = sampleJob({ status: 'SUCCEEDED', seq: 3, eventSeq: 3 });
    const result = applyEvent(job, event({ seq: '4', status: 'JOB_STATUS_FAILED' }), 0, ttl);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'illegal_transition');
  });

  it('rejects a return to PENDING and an unspecified status', () => {
    const job = sampleJob({ status: 'RUNNING', seq: 1, eventSeq: 1 });
    const back = applyEvent(job, event({ seq: '2', status: 'JOB_STATUS_PENDING' }), 0, ttl);
    assert.equal(!back.ok && back.reason, 'illegal_transition');
    const unspecified = applyEvent(job, event({ seq: '2', status: 'JOB_STATUS_UNSPECIFIED' }), 0, ttl);
    assert.equal(!unspecified.ok && unspecified.reason, 'invalid_event');
  });

  it('keeps the error of a failed job and the result of a succeeded one', () => {
    const running = sampleJob({ status: 'RUNNING', seq: 1, eventSeq: 1 });
    const failed = applyEvent(
      running,
      event({ seq: '2', status: 'JOB_STATUS_COMPENSATED', error: { code: 'STEP_FAILED', message: 'no' } }),
      0,
      ttl,
    );
    assert.deepEqual(failed.ok && failed.job.error, { code: 'STEP_FAILED', message: 'no' });
    const done = applyEvent(
      running,
      event({ seq: '2', status: 'JOB_STATUS_SUCCEEDED', resultJson: '{"ok":true}' }),
      0,
      ttl,
    );
    assert.equal(done.ok && done.job.resultJson, '{"ok":true}');
  });

  it('fails only a PENDING job', () => {
    const failed = failPending(sampleJob(), { code: 'DISPATCH_FAILED', message: 'bus down' }, 10, 100);
    assert.ok(failed.ok);
    assert.equal(failed.job.status, 'FAILED');
    assert.equal(failed.job.seq, 1);
    const running = failPending(sampleJob({ status: 'RUNNING' }), { code: 'X', message: '' }, 10, 100);
    assert.equal(running.ok, false);
  });
});
