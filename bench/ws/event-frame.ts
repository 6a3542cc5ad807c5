import { randomBytes } from 'node:crypto';

/** The fields a synthetic update carries, shared by the JobUpdates published to the ws-service and the baseline. */
export const SAMPLE_UPDATE = {
  type: 'media.process',
  step: 'generate_renditions',
  stepsTotal: 4,
  stepsDone: 1,
} as const;

/**
 * An event frame as the ws-service sends it for one of the bench's JobUpdates (see docs of the protocol): the
 * baseline server sends these bytes, so both sides deliver frames of the same size.
 */
export function sampleEventFrame(jobId: string, seq: number, message: string): string {
  return JSON.stringify({
    type: 'event',
    jobId,
    seq,
    status: 'RUNNING',
    done: false,
    progress: {
      percent: seq % 100,
      step: SAMPLE_UPDATE.step,
      message,
      stepsDone: SAMPLE_UPDATE.stepsDone,
      stepsTotal: SAMPLE_UPDATE.stepsTotal,
    },
    cancelRequested: false,
    updatedAt: new Date().toISOString(),
    traceId: randomBytes(16).toString('hex'),
  });
}
