import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobUpdate } from '@jobtrack/client';
import { exitCodeOf } from '../../src/exit-codes.ts';
import { formatOutcome, lineRenderer } from '../../src/render.ts';

const running: JobUpdate = {
  jobId: 'j-1',
  seq: 3,
  status: 'RUNNING',
  done: false,
  progress: { percent: 50, step: 'authorize_payment', message: 'charging', stepsDone: 2, stepsTotal: 4 },
  cancelRequested: false,
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('rendering', () => {
  it('writes one line per update when not at a terminal', () => {
    const lines: string[] = [];
    const renderer = lineRenderer({ write: (text: string) => lines.push(text) });
    renderer.update(running);
    renderer.stop(running);
    assert.deepEqual(lines, ['seq 3 RUNNING 50% authorize_payment (2/4) - charging\n']);
  });

  it('ends with the outcome: the result, or the error', () => {
    const succeeded = { ...running, status: 'SUCCEEDED' as const, done: true, result: { orderId: 'o-1' } };
    assert.equal(formatOutcome(succeeded), 'job j-1 SUCCEEDED {"orderId":"o-1"}');
    const compensated = {
      ...running,
      status: 'COMPENSATED' as const,
      done: true,
      error: { code: 'STEP_FAILED', message: 'authorize_payment failed' },
    };
    assert.equal(formatOutcome(compensated), 'job j-1 COMPENSATED: STEP_FAILED: authorize_payment failed');
  });

  it('maps each outcome to its exit code', () => {
    assert.deepEqual(
      (['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED', 'RUNNING'] as const).map(exitCodeOf),
      [0, 2, 3, 4, 1],
    );
  });
});
