import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobEvent } from '@jobtrack/contracts';
import { applyEvent, expireUnacknowledged, failPending, requestCancel } from '../../src/transitions.ts';
import { sampleJob } from '../support/job-store-contract.ts';

const ttl = () => 1000;
const event = (overrides: Partial<JobEvent>): JobEvent => ({
  jobId: 'j',
  seq: '1',
  status: 'JOB_STATUS_RUNNING',
  progress: { percent: 10, step: 'reserve_stock', message: '', stepsDone: 0, stepsTotal: 3 },
  error: null,
  resultJson: '',
  occurTime: null,
  cancelRefused: false,
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

  it('gives a terminal job exactly one of result and error, and a running one neither', () => {
    const running = sampleJob({ status: 'RUNNING', seq: 1, eventSeq: 1 });
    const compensating = applyEvent(
      running,
      event({ seq: '2', status: 'JOB_STATUS_COMPENSATING', error: { code: 'STEP_FAILED', message: 'no' } }),
      0,
      ttl,
    );
    assert.ok(compensating.ok);
    assert.equal(compensating.job.error, undefined, 'no error before the job is terminal');
    const succeeded = applyEvent(running, event({ seq: '2', status: 'JOB_STATUS_SUCCEEDED' }), 0, ttl);
    assert.ok(succeeded.ok);
    assert.deepEqual([succeeded.job.resultJson, succeeded.job.error], ['{}', undefined]);
    const failed = applyEvent(running, event({ seq: '2', status: 'JOB_STATUS_FAILED' }), 0, ttl);
    assert.ok(failed.ok);
    assert.deepEqual([failed.job.error?.code, failed.job.resultJson], ['FAILED', undefined]);
    const cancelled = applyEvent(running, event({ seq: '2', status: 'JOB_STATUS_CANCELLED' }), 0, ttl);
    assert.equal(cancelled.ok && cancelled.job.error?.code, 'CANCELLED');
  });

  it('rejects a step going backwards and a compensating job going forward again', () => {
    const job = sampleJob({
      status: 'RUNNING',
      seq: 2,
      eventSeq: 2,
      progress: { percent: 66, step: 'authorize_payment', message: '', stepsDone: 2, stepsTotal: 3 },
    });
    const backwards = applyEvent(job, event({ seq: '3' }), 0, ttl);
    assert.equal(!backwards.ok && backwards.reason, 'illegal_transition');
    const compensating = sampleJob({ status: 'COMPENSATING', seq: 2, eventSeq: 2 });
    for (const status of ['JOB_STATUS_RUNNING', 'JOB_STATUS_SUCCEEDED'] as const) {
      const forward = applyEvent(compensating, event({ seq: '3', status }), 0, ttl);
      assert.equal(!forward.ok && forward.reason, 'illegal_transition', status);
    }
  });

  it('records a cancel: CANCELLING while running forward, kept through forward progress, once only', () => {
    const running = sampleJob({ status: 'RUNNING', seq: 1, eventSeq: 1 });
    const cancelling = requestCancel(running, 50, ttl);
    assert.ok(cancelling.ok && !('unchanged' in cancelling));
    assert.deepEqual(
      [cancelling.job.status, cancelling.job.cancelRequested, cancelling.job.seq, cancelling.job.eventSeq],
      ['CANCELLING', true, 2, 1],
    );
    const again = requestCancel(cancelling.job, 60, ttl);
    assert.ok(again.ok && 'unchanged' in again);
    const progressed = applyEvent(cancelling.job, event({ seq: '2' }), 70, ttl);
    assert.equal(progressed.ok && progressed.job.status, 'CANCELLING');
    assert.ok(progressed.ok);
    const refused = applyEvent(progressed.job, event({ seq: '3', cancelRefused: true }), 80, ttl);
    assert.ok(refused.ok);
    assert.deepEqual([refused.job.status, refused.job.cancelRequested], ['RUNNING', false]);
    const compensating = requestCancel(sampleJob({ status: 'COMPENSATING' }), 0, ttl);
    assert.equal(compensating.ok && compensating.job.status, 'COMPENSATING');
    const terminal = requestCancel(sampleJob({ status: 'SUCCEEDED' }), 0, ttl);
    assert.equal(!terminal.ok && terminal.reason, 'illegal_transition');
  });

  it('ends an unacknowledged job as FAILED, or CANCELLED if cancelled, and leaves an acknowledged one', () => {
    const failed = expireUnacknowledged(sampleJob(), 10, ttl);
    assert.ok(failed.ok);
    assert.deepEqual(
      [failed.job.status, failed.job.error?.code, failed.job.seq],
      ['FAILED', 'ACK_TIMEOUT', 1],
    );
    const cancelled = expireUnacknowledged(
      sampleJob({ status: 'CANCELLING', cancelRequested: true }),
      10,
      ttl,
    );
    assert.equal(cancelled.ok && cancelled.job.status, 'CANCELLED');
    const acknowledged = expireUnacknowledged(sampleJob({ status: 'RUNNING', eventSeq: 1 }), 10, ttl);
    assert.equal(acknowledged.ok, false);
  });

  it('fails only a PENDING job', () => {
    const failed = failPending(sampleJob(), { code: 'DISPATCH_FAILED', message: 'bus down' }, 10, ttl);
    assert.ok(failed.ok);
    assert.equal(failed.job.status, 'FAILED');
    assert.equal(failed.job.seq, 1);
    const running = failPending(sampleJob({ status: 'RUNNING' }), { code: 'X', message: '' }, 10, ttl);
    assert.equal(running.ok, false);
  });
});
