import type { JobUpdate } from '../../src/types.ts';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'COMPENSATED', 'CANCELLED']);

/** A job update at `seq`; terminal when its status is. */
export function update(seq: number, status: JobUpdate['status'] = 'RUNNING', percent = seq): JobUpdate {
  return {
    jobId: 'job-1',
    seq,
    status,
    done: TERMINAL.has(status),
    progress: { percent, step: `step-${seq}`, message: '', stepsDone: seq, stepsTotal: 10 },
    cancelRequested: false,
    updatedAt: new Date(0).toISOString(),
  };
}
